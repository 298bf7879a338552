// iGov's nID_StatusType → what it means for our request (table in docs/handoff.md).
export type IgovStatusState = "IN_PROGRESS" | "QUESTION" | "CLOSED" | "REJECTED" | "UNKNOWN";

export const IGOV_STATUS_IDS: Record<number, string> = {
  0: "Created",
  1: "Opened",
  2: "Opened_Assigned",
  3: "Opened_RemarkEmployeeQuestion",
  4: "Opened_RemarkClientAnswer",
  5: "Opened_CommentClient",
  6: "Opened_CommentEmployee",
  7: "Opened_Escalation",
  8: "Closed",
  9: "Closed_Rejected",
  10: "Closed_Rated",
  11: "Closed_Feedback",
  12: "Removed",
  13: "Unknown",
  14: "Absent",
};

export function mapIgovStatus(nIdStatusType: number): IgovStatusState {
  if (nIdStatusType === 3) return "QUESTION";
  if (nIdStatusType === 8 || nIdStatusType === 10 || nIdStatusType === 11) return "CLOSED";
  if (nIdStatusType === 9) return "REJECTED";
  if (nIdStatusType >= 0 && nIdStatusType <= 7) return "IN_PROGRESS";
  return "UNKNOWN"; // 12 Removed, 13 Unknown, 14 Absent, anything newer
}
