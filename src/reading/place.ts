// Where the workspace is: the forum and cycle a URL names, as every service of this folder takes them.

/** A forum and one of its cycles. */
export interface Place {
  forum: { id: string; slug: string; name: string };
  cycle: { id: string; year: number };
}
