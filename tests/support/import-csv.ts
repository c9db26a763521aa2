/** A CSV of the office's sheet with `rows` numbered rows, all given to one department. */
export const numberedImportCsv = (tag: string, rows: number) =>
  [
    'STT,Nội dung kiến nghị,Khu phố,Nguồn,Hướng xử lý,Đơn vị chủ trì,Hạn xử lý',
    ...Array.from(
      { length: rows },
      (_, i) =>
        `${i + 1},Kiến nghị ${tag} số ${i + 1},Khu phố ${(i % 6) + 1},Tổng hợp trước,Giao đơn vị,Địa chính - Xây dựng,15/11/2023`,
    ),
  ].join('\n');
