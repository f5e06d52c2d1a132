// A person's attendance at meetings and their answers to scheduling polls, for a data subject request (see
// privacy/).
import { sql } from "kysely";
import { ERASED_LABEL, needlePattern, type PersonalDataProvider } from "../db/personal-data.js";

const NO_USER = "00000000-0000-0000-0000-000000000000";

/** Meetings' part of a data subject request: attendance stays counted, without the name; poll answers go. */
export const meetingsPersonalData: PersonalDataProvider = {
  domain: "meetings",
  async exportData({ db, subject }) {
    const userId = subject.userId ?? NO_USER;
    const names = subject.names.map((n) => n.toLowerCase());
    return {
      records: {
        meeting_attendance: await db
          .selectFrom("meeting_attendance")
          .innerJoin("meetings", "meetings.id", "meeting_attendance.meeting_id")
          .select(["meeting_attendance.meeting_id", "meeting_attendance.name", "meeting_attendance.role"])
          .select(["meetings.title", "meetings.starts_at"])
          .where((eb) =>
            eb.or([
              eb("meeting_attendance.user_id", "=", userId),
              ...(names.length ? [eb(sql<string>`lower(meeting_attendance.name)`, "in", names)] : []),
            ]),
          )
          .execute(),
        poll_answers: await db.selectFrom("poll_answers").selectAll().where("user_id", "=", userId).execute(),
      },
    };
  },
  async erase({ db, subject }) {
    const userId = subject.userId ?? NO_USER;
    const pattern = needlePattern(subject);
    const attendance = await db
      .updateTable("meeting_attendance")
      .set({ user_id: null, name: ERASED_LABEL, role: "" })
      .where((eb) => eb.or([eb("user_id", "=", userId), eb("name", "~*", `^${pattern}$`)]))
      .executeTakeFirst();
    const answers = await db.deleteFrom("poll_answers").where("user_id", "=", userId).executeTakeFirst();
    await db.deleteFrom("poll_participants").where("user_id", "=", userId).execute();
    return {
      meeting_attendance: Number(attendance.numUpdatedRows),
      poll_answers: Number(answers.numDeletedRows),
    };
  },
};
