/** Where the local file store's signed URLs point (its stand-in for S3's presigned URLs). */
export const LOCAL_FILES_PATH = '/local-files';
