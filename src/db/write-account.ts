/** What else a writer's transaction did to record rows besides the rows it feeds (feed). */
export interface WriteAccount {
  /** writeMark() taken before the transaction began. */
  mark: number;
  /** Record rows it deleted. */
  deleted: readonly string[];
  /** Record rows it wrote without feeding them (read again, as a write naming them would be). */
  touched: readonly string[];
}
