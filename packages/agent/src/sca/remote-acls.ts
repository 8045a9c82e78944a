// POSIX ACLs of an agentless snapshot. The collector rebuilds remote files under a temporary root
// but cannot give the copies their ACLs (the monitoring host's filesystem and ids differ), so the
// entries the remote getfacl printed are kept here, keyed by the snapshot's directory, and
// HostRoot.acl answers from them for that root: an ACL rule judges the remote file, never the
// ACL-less copy. A path whose ACL was not collected, or whose getfacl failed remotely, is an error.

/** Remote absolute path → getfacl --numeric entries, or why they could not be read. */
export type RemoteAcls = Map<string, string[] | Error>;

const snapshots = new Map<string, RemoteAcls>();

export function rememberRemoteAcls(dir: string, acls: RemoteAcls): void {
  snapshots.set(dir, acls);
}

export function forgetRemoteAcls(dir: string): void {
  snapshots.delete(dir);
}

export function remoteAclsOf(dir: string): RemoteAcls | undefined {
  return snapshots.get(dir);
}
