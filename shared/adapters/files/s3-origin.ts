/** Where a browser uploads to: the bucket's regional virtual-hosted endpoint. */
export const s3Origin = (bucket: string, region: string): string =>
  `https://${bucket}.s3.${region}.amazonaws.com`;
