// USER_HZ, the unit of /proc/<pid>/stat's utime and stime: 100 on every Linux ABI node runs on
// (sysconf(_SC_CLK_TCK)); `getconf CLK_TCK` would confirm it but costs a process.
export function clockTicks(): number {
  return 100;
}
