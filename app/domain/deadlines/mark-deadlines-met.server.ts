import type { Tx } from "#app/utils/db.server.ts";

/** On resolve: the request's running deadlines are met at `at` and stop warning or escalating. */
export async function markDeadlinesMet(options: { tx: Tx; requestId: string; at: Date }): Promise<{ count: number }> {
  const { tx, requestId, at } = options;
  const { count } = await tx.deadline.updateMany({ where: { requestId, active: true }, data: { active: false, metAt: at } });
  await tx.request.update({ where: { id: requestId }, data: { dueAt: null } });
  return { count };
}
