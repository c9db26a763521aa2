/** The command line of the deploy guide's example: a unit and its first administrator. */
export const CREATE_UNIT_ARGS = [
  'create-unit',
  '--stack',
  'DialogueFollowup-prod',
  '--id',
  'xa-an-binh',
  '--code',
  'AN-BINH',
  '--name',
  'Xã An Bình',
  '--admin-email',
  'Lan.NT@anbinh.gov.vn',
  '--admin-name',
  'Nguyễn Thị Lan',
];
