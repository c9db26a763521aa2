/**
 * The departments a new unit starts with. Since 16/6/2025 (Decree 150/2025/NĐ-CP) a commune's or
 * ward's People's Committee has three specialised units — the office of the People's Council and
 * Committee, the economic unit (in a ward: economy, infrastructure and urban affairs) and the
 * culture-society unit — and a public administrative service centre; recommendations also go to the
 * police, the military command and the health station. The administrator renames, adds or deactivates
 * them on the departments page.
 */
import type { Department } from './model.js';
import { foldDiacritics } from './text.js';

/** Whether the unit is a ward (phường) rather than a commune (xã) or special zone (đặc khu), by its name. */
export function isWard(unitName: string): boolean {
  return foldDiacritics(unitName).startsWith('phuong');
}

export function defaultDepartments(unitName: string): Department[] {
  const ward = isWard(unitName);
  const level = ward ? 'phường' : 'xã';
  const list: [string, string][] = [
    ['van-phong-hdnd-ubnd', 'Văn phòng HĐND và UBND'],
    ward ? ['phong-kinh-te', 'Phòng Kinh tế, Hạ tầng và Đô thị'] : ['phong-kinh-te', 'Phòng Kinh tế'],
    ['phong-van-hoa-xa-hoi', 'Phòng Văn hóa - Xã hội'],
    ['trung-tam-hanh-chinh-cong', 'Trung tâm Phục vụ hành chính công'],
    ['cong-an', `Công an ${level}`],
    ['quan-su', `Ban Chỉ huy Quân sự ${level}`],
    ['tram-y-te', `Trạm Y tế ${level}`],
  ];
  return list.map(([id, name]) => ({ id, name, emails: [] }));
}
