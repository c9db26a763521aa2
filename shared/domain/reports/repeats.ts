/**
 * Kiến nghị lặp lại: the same problem raised again at a later dialogue ("những vấn đề đã được Nhân dân
 * kiến nghị nhiều lần nhưng chưa giải quyết dứt điểm"). Candidates are found by text similarity on
 * diacritics-folded, normalised content; the office confirms (→ linked) or dismisses each candidate.
 */
import { InvalidTransitionError, ValidationError } from '../errors.js';
import type { Recommendation } from '../model.js';
import { foldDiacritics } from '../text.js';

/** Syllables that carry no topic in a recommendation ("đề nghị", "của", "các", "khu phố"…), folded. */
const STOP_SYLLABLES = new Set(
  (
    'de nghi kien cu tri nhan dan ba con ho gia dinh cua va cac nhung mot so cho tai o la co duoc da dang se can ' +
    'viec ve voi trong tren theo thi khong chua bi nay do nhu de xuat yeu cau som xem xet giai quyet tinh trang ' +
    'hien hang nam rat nhieu lam cung vi nen tu den ra vao lai con khi ma phai nao sao duoc'
  ).split(' '),
);

/** Abbreviations common in the seeds' spreadsheets, expanded before comparing. */
const EXPANSIONS: [RegExp, string][] = [
  [/\bkp\s*(\d+)/g, 'khu pho $1'],
  [/\btdp\s*(\d+)/g, 'to dan pho $1'],
  [/\bubnd\b/g, 'uy ban'],
  [/\bpccc\b/g, 'phong chay chua chay'],
  [/\battt\b/g, 'an toan trat tu'],
];

/** Folded words of a text, abbreviations expanded, without topic-less syllables. */
export function topicWords(text: string): string[] {
  let folded = foldDiacritics(text);
  for (const [pattern, replacement] of EXPANSIONS) folded = folded.replace(pattern, replacement);
  return folded.split(/[^a-z0-9]+/).filter((w) => w !== '' && !STOP_SYLLABLES.has(w));
}

/** A text prepared once for many comparisons. */
export interface TextProfile {
  /** Words and adjacent word pairs (Vietnamese words are often two syllables). */
  shingles: Set<string>;
  /** Character trigrams of each word (padded), with counts. */
  trigrams: Map<string, number>;
  norm: number;
  /** Numbers in the text (house numbers, alley and group numbers): different numbers, different places. */
  numbers: Set<string>;
}

export function profile(text: string): TextProfile {
  const words = topicWords(text);
  const shingles = new Set<string>(words);
  for (let i = 1; i < words.length; i++) shingles.add(`${words[i - 1]} ${words[i]}`);
  const trigrams = new Map<string, number>();
  for (const word of words) {
    const padded = ` ${word} `;
    for (let i = 0; i + 3 <= padded.length; i++) {
      const g = padded.slice(i, i + 3);
      trigrams.set(g, (trigrams.get(g) ?? 0) + 1);
    }
  }
  let sum = 0;
  for (const n of trigrams.values()) sum += n * n;
  return { shingles, trigrams, norm: Math.sqrt(sum), numbers: new Set(words.filter((w) => /^\d+$/.test(w))) };
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let common = 0;
  for (const x of a) if (b.has(x)) common++;
  return common / (a.size + b.size - common);
}

function cosine(a: TextProfile, b: TextProfile): number {
  if (a.norm === 0 || b.norm === 0) return 0;
  let dot = 0;
  for (const [g, n] of a.trigrams) dot += n * (b.trigrams.get(g) ?? 0);
  return dot / (a.norm * b.norm);
}

/** Both texts name numbers (an alley, a residential group) and none is shared: likely another place. */
function numbersDiffer(a: TextProfile, b: TextProfile): boolean {
  if (a.numbers.size === 0 || b.numbers.size === 0) return false;
  for (const n of a.numbers) if (b.numbers.has(n)) return false;
  return true;
}

/**
 * Similarity in [0, 1]: the mean of word-shingle Jaccard (shared phrases) and trigram cosine
 * (robust to word order, typing variants and missing diacritics), halved when the texts name
 * different numbers ("hẻm 27" vs "hẻm 12").
 */
export function similarity(a: TextProfile | string, b: TextProfile | string): number {
  const pa = typeof a === 'string' ? profile(a) : a;
  const pb = typeof b === 'string' ? profile(b) : b;
  const score = (jaccard(pa.shingles, pb.shingles) + cosine(pa, pb)) / 2;
  return Math.round((numbersDiffer(pa, pb) ? score / 2 : score) * 1000) / 1000;
}

/** Default score from which a pair is shown to the office. */
export const REPEAT_THRESHOLD = 0.4;
export const MAX_CANDIDATES_PER_ITEM = 5;

type Comparable = Pick<Recommendation, 'id' | 'ref' | 'content' | 'dialogueId' | 'repeatOf'>;

export interface RepeatCandidate<T extends Comparable = Comparable> {
  item: T;
  earlier: T;
  score: number;
}

/**
 * For each item of a dialogue not yet linked, the most similar items of earlier dialogues (best first),
 * leaving out dismissed pairs. Cost: |items| × |earlier| comparisons of prepared profiles.
 */
export function findRepeatCandidates<T extends Comparable>(
  items: readonly T[],
  earlier: readonly T[],
  options: { dismissed?: ReadonlySet<string>; threshold?: number; maxPerItem?: number } = {},
): RepeatCandidate<T>[][] {
  const threshold = options.threshold ?? REPEAT_THRESHOLD;
  const max = options.maxPerItem ?? MAX_CANDIDATES_PER_ITEM;
  const earlierProfiles = earlier.map((e) => ({ e, p: profile(e.content) }));
  return items.map((item) => {
    if (item.repeatOf) return [];
    const p = profile(item.content);
    const found: RepeatCandidate<T>[] = [];
    for (const { e, p: pe } of earlierProfiles) {
      if (e.dialogueId === item.dialogueId || e.id === item.id) continue;
      if (options.dismissed?.has(pairKey(item.id, e.id))) continue;
      const score = similarity(p, pe);
      if (score >= threshold) found.push({ item, earlier: e, score });
    }
    return found
      .sort((a, b) => b.score - a.score || a.earlier.ref.localeCompare(b.earlier.ref))
      .slice(0, max);
  });
}

export const pairKey = (itemId: string, earlierId: string): string => `${itemId}#${earlierId}`;

/**
 * Links an item to the earlier recommendation it repeats (the office confirmed the candidate).
 * `earlierHeldOn`/`itemHeldOn` are the dialogues' dates: the earlier one must not be later.
 */
export function linkRepeat(
  rec: Recommendation,
  earlier: Recommendation,
  dates: { itemHeldOn: string; earlierHeldOn: string },
  now: Date,
): Recommendation {
  if (earlier.id === rec.id || earlier.dialogueId === rec.dialogueId) {
    throw new ValidationError([
      { field: 'body.repeatOfId', message: 'Kiến nghị lặp lại phải thuộc một hội nghị khác' },
    ]);
  }
  if (dates.earlierHeldOn > dates.itemHeldOn) {
    throw new ValidationError([
      { field: 'body.repeatOfId', message: 'Kiến nghị trước phải thuộc hội nghị tổ chức trước' },
    ]);
  }
  if (earlier.repeatOf === rec.ref) {
    throw new ValidationError([
      { field: 'body.repeatOfId', message: 'Kiến nghị kia đã được ghi là lặp lại kiến nghị này' },
    ]);
  }
  if (rec.repeatOf && rec.repeatOf !== earlier.ref) {
    throw new InvalidTransitionError(`Kiến nghị đã được ghi là lặp lại ${rec.repeatOf}`);
  }
  return { ...rec, repeatOf: earlier.ref, version: rec.version + 1, updatedAt: now.toISOString() };
}
