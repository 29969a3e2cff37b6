// Generated from the API's OpenAPI document by `npm run gen:api`. Do not edit.
export interface paths {
    "/attendance": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Attendance events, oldest first (CSV with Accept: text/csv)
         * @description A caller with the admin or reviewer scope gets the face's evidence (AttendancePage: status, similarity, matched_employee, liveness_score, review_reasons, snapshot_key; the CSV's columns of those); one without (payroll) gets none of it (PayrollAttendancePage; the CSV without those columns) but each punch's `note` (its latest human decision's, from the audit trail; the CSV's last column), and a `status` filter is 403 forbidden for them. A reviewer scoped to departments (GET /me: departments) gets their departments' people's only (none nobody was matched to); another person's employee_id answers as an unknown one's.
         */
        get: operations["list_attendance_attendance_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/attendance/absences": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The paid absences (vacation, sick, holiday, other) recorded on the days of a period
         * @description By day, then name, then person, then the order recorded (absence id: a correction never moves a row), `limit` absences a page (`next_cursor`, null on the last page: a company-wide bulk absence over a quarter is hundreds of thousands of rows). The pages are keyed on names as they are now: when a person was renamed since the previous page was read, the next page is 409 `absences_changed` (start again from the first page) rather than one that skips or repeats a row. An absence added or deleted meanwhile is on a later page when its place in the order is after the previous page's last row, else on none; every absence there throughout is on exactly one page. `in_closed_period`: its day is closed (deleting it is 409 period_closed). 422 invalid_date_range (date_from after date_to), date_range_too_long (over 92 days). A reviewer scoped to departments (GET /me: departments) gets their departments' people's only (none nobody was matched to); another person's employee_id answers as an unknown one's.
         */
        get: operations["list_absences_attendance_absences_get"];
        put?: never;
        /**
         * Record a paid absence of a person on a day (audited in their History: employee_audit field `absence`)
         * @description Not worked time: the timesheet shows it beside the worked minutes (absence_minutes, absence_kinds; CSV: the absence_minutes column) and counts it in neither those nor the overtime. 409 `absence_exists` (the person has one of that kind that day: `details.absence_id`; PATCH or delete that one instead), `absence_day_full` (the person's absences of that day would come to more than 1440 minutes, a day's 24 hours: details.day, details.recorded_minutes), `period_closed` (the day is in a closed pay period), `employee_inactive` (not employed that day, as a manual punch is checked). 422 `day_out_of_range` (more than 366 days from today), `validation_error` (kind, minutes 1-1440). 404 employee_not_found. The caller's own employee record: 403 `own_record` (FACEPASS_ALLOW_SELF_REVIEW allows it, audited as a self-review). A reviewer scoped to departments: a person outside them (or no such person) is 403 `outside_departments`, nothing written. **A range**: with `day_to` (and optionally `weekdays`, default monday to friday) one absence per chosen day of `day`..`day_to` (at most 92 days: 422 `date_range_too_long`, `invalid_date_range`; none chosen: 422 `no_days_in_range`) that has no absence of any kind yet, in one transaction: the days already covered are skipped, never paid twice; each day recorded checked as a single one (the first closed or not-employed day refuses all); every chosen day covered already is 409 `absence_exists` naming them in `details.days`, nothing written; one History row per day. 201 then `{items: [...], skipped: [{day, kinds}]}`, the absences created and the days skipped (the kinds recorded there), by day; without `day_to` the one absence, as before.
         */
        post: operations["add_absence_attendance_absences_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/attendance/absences/batches/{batch_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Undo a bulk add: delete every absence it recorded that is still there (each audited in its person's History)
         * @description `batch_id`: the bulk add's (POST /attendance/absences/bulk answers it; GET /attendance/absences items carry it). Every absence of it still there is deleted in ONE transaction (all or nothing), each with its History row as DELETE /attendance/absences/{absence_id} writes it; those deleted singly before are not counted, nor those whose kind a correction changed (PATCH: no longer of the batch). 404 `absence_batch_not_found` when none of it is left (an unknown id, or a repeat: idempotent in effect). 409 `period_closed` when any of them is on a day of a closed pay period (details.day: the earliest), nothing deleted. A reviewer scoped to departments: 403 `outside_departments` when any of them is of a person outside their departments, nothing deleted. The caller's own absence among them: 403 `own_record`, nothing deleted (as for deleting it singly; FACEPASS_ALLOW_SELF_REVIEW deletes it too, audited as a self-review). 200 `{deleted, people}`: how many absences, of how many people.
         */
        delete: operations["delete_absence_batch_attendance_absences_batches__batch_id__delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/attendance/absences/bulk": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record a paid absence for many people at once: a department's or everyone's (a public holiday, a company's closing day)
         * @description For each employee of `department` (the name exactly as stored; their department now) or of everyone who was employed at some instant of the chosen days (a leaver since too; never an erased person) (`everyone: true`; exactly one of them: else 422 validation_error), what POST /attendance/absences with the same day (or range: `day_to`, `weekdays`) does for one person, in ONE transaction (all or nothing), each absence audited in its person's History by the caller. Left out and listed in `skipped` rather than refusing all: a person's days that have an absence of any kind already (`covered`), the days they were not employed on (`not_employed`: deactivated then, or their record created after the day, a new hire), and the caller's own record (`own_record`, unless FACEPASS_ALLOW_SELF_REVIEW: then recorded, audited as a self-review). A day in a closed pay period refuses all: 409 `period_closed`. At most 20,000 absences (people x chosen days): else 422 `bulk_too_large` (details.people, days, rows, limit), nothing written. Nobody to record: 409 `absence_exists` when everyone who could have it has an absence on every chosen day already (a repeat of the same request: it is idempotent), else 422 `no_people` (nobody of that department employed on those days in reach: an unknown or empty department; or only people skipped as not employed or your own record). 422 day_out_of_range, invalid_date_range, date_range_too_long, no_days_in_range as for a range. A reviewer scoped to departments: `everyone` means their departments' people; another department is 403 `outside_departments`, nothing written; a person moved out of their departments while the request ran is left out, unlisted. 201 `{batch_id, created, people, skipped: [{employee_id, full_name, reason, days}]}`: counts, not the absences created (GET /attendance/absences lists them, each with this batch_id; DELETE /attendance/absences/batches/{batch_id} undoes the add).
         */
        post: operations["add_absences_bulk_attendance_absences_bulk_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/attendance/absences/{absence_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Delete a paid absence (audited in the person's History): the absence as it was
         * @description 404 absence_not_found (also another department's person's, for a reviewer scoped to departments); 409 `period_closed` when its day is in a closed pay period. The caller's own record: 403 `own_record`, as for adding.
         */
        delete: operations["delete_absence_attendance_absences__absence_id__delete"];
        options?: never;
        head?: never;
        /**
         * Correct a paid absence's kind, minutes or note (audited in the person's History): the absence as it is now
         * @description At least one of `kind`, `minutes` (1-1440), `note` (null clears it; left out: kept), as an add takes them: else 422 `validation_error` (an empty body, a bad value, or an unknown field: **the day and the person are not changed here**, delete the absence and add it again). Checked as a delete and an add are: 404 absence_not_found (also another department's person's, for a reviewer scoped to departments, as for deleting); 403 `own_record` for the caller's own record (FACEPASS_ALLOW_SELF_REVIEW allows it, audited as a self-review); 409 `period_closed` on a closed pay-period day; 409 `absence_exists` when the person has an absence of the new kind that day already (`details.absence_id`); 409 `absence_day_full` when the day's absences would then come to more than 1440 minutes (`details.recorded_minutes`: the others'); nothing changed then. One History row (employee_audit field `absence`, `before` and `after` `<day> <kind> <minutes>[ <note>]`) in the same statement, by the caller. A PATCH that changes nothing answers 200 with the absence and writes no History row. A new kind takes the absence out of its bulk add (`batch_id` null: another absence now, which undoing the bulk leaves); new minutes or a note keep it there. No If-Match guard: the last correction wins (each is in the History).
         */
        patch: operations["change_absence_attendance_absences__absence_id__patch"];
        trace?: never;
    };
    "/attendance/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every event's changes made within a period, or made to a period's punches, oldest first: who changed what, when and why (CSV with Accept: text/csv)
         * @description The audit trails of all events (manual punches, confirmations, reassignments, rejections, flags) made on the days [changed_from, changed_to] of the report zone ("what was changed in November"), and/or made, whenever, to punches whose day (as they are now) is one of the days [occurred_from, occurred_to]: its day, as the timesheet and the pay-period lock count it (in its person's zone at its instant, the report zone for nobody; a night shift's exit the next morning on the day its entry began) ("what happened to November's punches": December's edits to them after payroll closed included; the console's Timesheet asks this), each bound open when left out, both filters applied when both are given; by the audit row's id (a page may come short, even empty, with a next_cursor: follow it until it is null); each with the punch's person, time and whether its day (the same) is in a closed pay period (as a change to it would be refused, 409 period_closed), and the punch as the change found it (`before`) and left it (`after`). A caller with the admin or reviewer scope gets each side's face evidence (AttendanceChangePage: status, similarity, liveness_score, review_reasons; the CSV's last columns status_before, status_after, similarity_before, similarity_after, liveness_score_before, liveness_score_after, review_reasons_before, review_reasons_after, the reasons space-separated); payroll none of it (PayrollAttendanceChangePage), a side's person only when the punch counted for them then, and HR's words of the note only. 422 invalid_date_range when changed_from is after changed_to or occurred_from after occurred_to; a date not written YYYY-MM-DD, 422 validation_error. The CSV's pages: X-Next-Cursor. A reviewer scoped to departments gets the changes of punches now their departments' people's, the rows naming nobody outside them (as GET /attendance/{event_id}/audit).
         */
        get: operations["audit_changes_attendance_audit_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/attendance/calendar": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The report time zone and today there: the days every attendance date means */
        get: operations["calendar_attendance_calendar_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/attendance/challenge": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A single-use head-turn challenge for this kiosk (device token): send the frames with its nonce */
        get: operations["challenge_attendance_challenge_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/attendance/check-in": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Identify and log an entry (Idempotency-Key header replays retries)
         * @description The answer is the kiosk view, for every caller: the decision (retry_reason; the employee's id and name only when matched) and the event without similarity, liveness score, matched person or snapshot; an Idempotency-Key stores and replays this view. HR reads the evidence in GET /attendance and the review queue.
         */
        post: operations["check_in_attendance_check_in_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/attendance/check-out": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Identify and log an exit (Idempotency-Key header replays retries)
         * @description The answer is the kiosk view, for every caller: the decision (retry_reason; the employee's id and name only when matched) and the event without similarity, liveness score, matched person or snapshot; an Idempotency-Key stores and replays this view. HR reads the evidence in GET /attendance and the review queue.
         */
        post: operations["check_out_attendance_check_out_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/attendance/corrections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Employees' correction requests (open by default), oldest first, with the person's name
         * @description A reviewer scoped to departments: their people's requests only, and a punch a request names that HR gave since to someone outside their departments without its time and direction (null; event_moved true).
         */
        get: operations["list_corrections_attendance_corrections_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/attendance/corrections/{correction_id}/resolve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Answer a correction request, closing it (who, when and the note are kept on it)
         * @description Separation of duties: a request of the caller's own employee record is 403 `own_record`, unless FACEPASS_ALLOW_SELF_REVIEW (then marked self_review). 409 `correction_resolved` when answered already.
         */
        post: operations["resolve_correction_attendance_corrections__correction_id__resolve_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/attendance/daily": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Per employee for one day: first in, last out, worked time, events, paid absences (CSV with Accept: text/csv)
         * @description Everyone with an event that day (or one awaiting review), and, after them by name, everyone with a paid absence recorded for that day, or scheduled to work it (their work schedule, employed that day), and no event (0 worked): each item's absence_minutes and absence_kinds are the person's absences of their own calendar day (as the timesheet's), never in worked_minutes; scheduled_start, scheduled_end, scheduled_minutes, late_minutes, left_early_minutes and no_show measure the day against the person's work schedule as it is now (GET /schedules), and the answer's late and no_shows count them. A scoped reviewer's departments' people only. CSV: then absence_minutes and absence_kinds (the kinds joined with a space), then scheduled_start, scheduled_end, scheduled_minutes, late_minutes, left_early_minutes, no_show (empty for null) are the last columns.
         */
        get: operations["daily_attendance_daily_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/attendance/face-free": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * "No Face ID?": a punch typed at the kiosk by payroll number, no photo, awaiting HR's review (Idempotency-Key header replays retries)
         * @description For a person without Face ID (consent withdrawn, or no face enrolled): stored awaiting review (review reason face_free; no snapshot, no similarity, direction_source kiosk), counted once a reviewer confirms it. The answer is the same 202 "sent to HR to check" whatever the number: never a name, nor whether it names anyone. A number naming nobody, a deactivated person or a person with Face ID stores nothing (they punch by face). captured_at as for check-in (an offline press).
         */
        post: operations["face_free_punch_attendance_face_free_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/attendance/manual": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add a punch the kiosk did not take (a forgotten check-out), with its reason (audited; Idempotency-Key header replays retries)
         * @description 409 `punch_conflict` when the reports would not count the punch, or it would undo a counted shift: `details` names the events involved and which of them it could replace (send `replaces`). A punch for the caller's own employee record: 403 `own_record` (separation of duties; FACEPASS_ALLOW_SELF_REVIEW allows it, audited as a self-review). A reviewer scoped to departments: a person outside them is 403 `outside_departments`, nothing written; a retry (the same Idempotency-Key) too once the person is no longer in them.
         */
        post: operations["add_event_attendance_manual_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/attendance/manual/shift": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add a whole shift the kiosk did not take (a forgotten morning): its entry and exit in one step, with its reason (both audited; Idempotency-Key header replays retries)
         * @description The entry and exit are checked together and stored together: 409 `punch_conflict` when the pair would not be a counted shift of its own, or would break or swallow a counted one (`details` names it). A shift for the caller's own employee record: 403 `own_record`, as a manual punch. A reviewer scoped to departments: a person outside them is 403 `outside_departments`, nothing written; a retry (the same Idempotency-Key) too once the person is no longer in them.
         */
        post: operations["add_shift_attendance_manual_shift_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/attendance/punch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Identify and log an entry or an exit, as the server decides for the person (a door used both ways; Idempotency-Key header replays retries)
         * @description The answer is the kiosk view, for every caller: the decision (retry_reason; the employee's id and name only when matched) and the event without similarity, liveness score, matched person or snapshot; an Idempotency-Key stores and replays this view. HR reads the evidence in GET /attendance and the review queue. The direction (event.event_type; direction_source auto in HR's view) is decided under the person's lock from the shifts the reports count, as of the capture time (captured_at for an offline capture): exit when the person has a shift open then (a counted entry no exit closed within FACEPASS_MAX_SHIFT_HOURS), else entry. A press within FACEPASS_CHECKIN_REPEAT_WINDOW_SECONDS of the person's last counted punch keeps its direction (a repeat, 200, as for check-in/out). A face not matched (unknown, ambiguous, awaiting review) is stored with the direction its best candidate would get (entry when none); a review keeps it. A punch that comes to count before the person's later server-decided punches (an offline capture sent late, a manual punch, a review) sends those whose direction it turns back to review (direction_uncertain, an automatic flag in their audit trail); one already awaiting review gets the reason and the flag too.
         */
        post: operations["punch_attendance_punch_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/attendance/review": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Events awaiting review (or in another review state), oldest first, with reasons and candidates
         * @description A reviewer scoped to departments (GET /me: departments) gets their departments' people's only (none nobody was matched to); another person's employee_id answers as an unknown one's. pending_total counts theirs; candidates outside their departments are left out.
         */
        get: operations["review_queue_attendance_review_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/attendance/timesheet": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A pay period per employee and day: time worked and the totals (CSV: one row per employee, a column of minutes per day)
         * @description By name, `limit` people a page (`next_cursor`; CSV: the X-Next-Cursor header). The pages are keyed on names as they are now, so a later page's cursor carries what the order and the list depend on as of the first page: when a person was renamed, added (a hire's punch typed in for the period's days, or a paid absence recorded or deleted that lists someone not employed in it), deactivated or reactivated (or, for a scoped reviewer, moved to another department), or payroll was closed or reopened, since then, the page is 409 `timesheet_changed` (start again from the first page) rather than one that skips or repeats someone or reads another closed_through. A punch recorded meanwhile does not: each row is whole on its page.
         */
        get: operations["timesheet_attendance_timesheet_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/attendance/{event_id}/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every change made to this event
         * @description A reviewer scoped to departments: another department's punch, or one nobody was matched to, is 404 attendance_not_found, as for no event. Its rows name nobody outside their departments: such a person's employee_id and similarity in before/after null, a flag's decided_without naming a punch now theirs left out, the row marked `outside_departments` (README Roles).
         */
        get: operations["audit_attendance__event_id__audit_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/attendance/{event_id}/dispute": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * "Not you?": the person shown someone else's name at this kiosk sends that punch to review
         * @description Only the kiosk that recorded the event (else 404 attendance_not_found), within 120 seconds of its received_at and live, not an offline capture (else 409 dispute_window_over, checked first), for a recognized punch that counts and no human decided (else 409 dispute_not_counted, or dispute_reviewed). The punch then awaits review (review reason disputed_at_kiosk; a `flag` in its audit trail, the actor naming the kiosk) with its repeats recorded by this kiosk, and no longer counts for the person it named: their later server-decided punches it turned go to review (direction_uncertain, decided_without.cause disputed). A repeat of a counted punch goes to review alone (review_detail.disputed_repeat_of); one its original's dispute took along, disputed within its own window, gets its own flag and is decided alone too (the same answer). Idempotent: again, the same answer, nothing written. Answers the event as the kiosk is told it.
         */
        post: operations["dispute_event_attendance__event_id__dispute_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/attendance/{event_id}/review": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Confirm, reassign or reject an event (audited: who, when, before, after, note)
         * @description Separation of duties: a decision on a punch of the caller's own employee record (the one whose email is theirs), or a reassignment to it, is 403 `own_record`, nothing written, unless FACEPASS_ALLOW_SELF_REVIEW (then the audit entry says `self_review`). A reviewer scoped to departments: another department's punch, or one nobody was matched to, is 404 attendance_not_found, as for no event. A reassignment to a person outside their departments: 403 `outside_departments`, nothing written. Its answer names, as their queue does, nobody outside their departments (candidates left out, margin, matched_employee, similarity and repeat_of null when they concern someone outside).
         */
        post: operations["review_event_attendance__event_id__review_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/attendance/{event_id}/snapshot": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A short-lived link to an event's snapshot while it is retained (404 snapshot_expired after)
         * @description A reviewer scoped to departments: another department's punch, or one nobody was matched to, is 404 attendance_not_found, as for no event.
         */
        get: operations["snapshot_attendance__event_id__snapshot_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/devices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every device, oldest first */
        get: operations["list_devices_devices_get"];
        put?: never;
        /** Create a kiosk device and its one-time pairing code */
        post: operations["create_device_devices_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/devices/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Kiosk: the calling device */
        get: operations["my_device_devices_me_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/devices/me/setup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Kiosk: open setup mode with the code from the console (15 minutes; the code is spent)
         * @description 403 `setup_code_invalid` for a wrong, expired or spent code, none made, or one made for another device (the same answer for each); the fifth wrong try spends the code. 403 `device_required` without a device token.
         */
        post: operations["open_setup_devices_me_setup_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/devices/pair": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Kiosk: exchange a pairing code (single use, 15 minutes) for the device token (shown once) */
        post: operations["pair_device_devices_pair_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/devices/{device_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke a device (idempotent) */
        delete: operations["revoke_device_devices__device_id__delete"];
        options?: never;
        head?: never;
        /**
         * Set a kiosk's Door and Automatic mode (they win over its setup mode; null: the tablet's)
         * @description A field left out keeps its value; null hands the choice back to the tablet's setup mode. The kiosk reads them from GET /devices/me (at start and every minute). 422 `validation_error` on another value, 404 `device_not_found`, 409 `device_revoked`. Logged with the actor and the values before and after (devices have no audit table).
         */
        patch: operations["patch_device_devices__device_id__patch"];
        trace?: never;
    };
    "/devices/{device_id}/pairing-code": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A new pairing code (re-pair); the device's current token stops working */
        post: operations["new_pairing_code_devices__device_id__pairing_code_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/devices/{device_id}/setup-code": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A code that opens the kiosk's setup mode once (10 minutes; shown once; replaces the last)
         * @description Staff open the kiosk with `?setup=1` and type it (POST /devices/me/setup): only then does the kiosk show its Door choice, Automatic mode and "Seen: HR was told". Only its hash is kept; 5 wrong tries or a re-pairing spend it. 404 `device_not_found`, 409 `device_revoked`, 409 `device_not_paired`. Logged with the actor (devices have no audit table).
         */
        post: operations["new_setup_code_devices__device_id__setup_code_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/employees": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List employees, oldest first
         * @description A caller with the admin scope gets the record in full; one without (reviewer, payroll) gets the reduced view (EmployeeSummary: id, full_name, department, is_active, deactivated_at, timezone, face_id_withdrawn, erased; no email, consent, enrollment or erasure time). Their q= matches names only. schedule_id= lists one work schedule's people (who keep it from deletion); the admin view's items name each person's schedule (schedule_id, schedule_name), the reduced view none. Every filter is part of the cursor's scope: a cursor of other filters (another schedule's) is 400 invalid_cursor.
         */
        get: operations["list_employees_employees_get"];
        put?: never;
        /** Create an employee */
        post: operations["create_employee_employees_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/employees/departments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The departments employees have */
        get: operations["list_departments_employees_departments_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/employees/enroll": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create an employee and enroll a photo (multipart: full_name, email, department, timezone, photo)
         * @description A record with the caller's own email: 403 `own_record` (another admin enrolls them), unless FACEPASS_ALLOW_SELF_REVIEW.
         */
        post: operations["enroll_with_photo_employees_enroll_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/employees/{employee_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get one employee
         * @description A caller with the admin scope gets the record in full; one without (reviewer, payroll) gets the reduced view (EmployeeSummary: id, full_name, department, is_active, deactivated_at, timezone, face_id_withdrawn, erased; no email, consent, enrollment or erasure time).
         */
        get: operations["get_employee_employees__employee_id__get"];
        /**
         * Replace an employee's details
         * @description A change to the caller's own employee record (the one whose email is theirs), or giving a record the caller's own email, is 403 `own_record`, nothing changed, unless FACEPASS_ALLOW_SELF_REVIEW: another admin makes it.
         */
        put: operations["replace_employee_employees__employee_id__put"];
        post?: never;
        /**
         * Deactivate an employee; with erase=true also remove all their biometric data
         * @description The record, its punches and its History stay for payroll. Paid absences recorded for the days after the one they left on (their zone, else the report zone) are deleted, each audited in their History by the caller: leave booked ahead is no pay owed to a leaver (so does is_active false by PATCH or PUT); a reactivation brings none back.
         */
        delete: operations["delete_employee_employees__employee_id__delete"];
        options?: never;
        head?: never;
        /**
         * Change some of an employee's details
         * @description A change to the caller's own employee record (the one whose email is theirs), or giving a record the caller's own email, is 403 `own_record`, nothing changed, unless FACEPASS_ALLOW_SELF_REVIEW: another admin makes it.
         */
        patch: operations["patch_employee_employees__employee_id__patch"];
        trace?: never;
    };
    "/employees/{employee_id}/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every change of the employee's record (a face removed too): which field, who, when, before, after */
        get: operations["employee_audit_employees__employee_id__audit_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/employees/{employee_id}/biometric-consent": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record that the employee received the biometric notice and agreed in writing (before any photo is enrolled); recording again keeps the first record and answers it
         * @description Recording it ends a withdrawal's consent_withdrawn_at (audited as biometric_consent). Refused with 409 withdrawal_unfinished while the employee's withdrawal of consent is unfinished (withdrawal_unfinished: S3 stopped it): run the withdrawal again first, else its rerun would erase the faces enrolled under the new consent. With FACEPASS_BIOMETRIC_CONSENT=required a consent without a reference (the signed release) is 422 consent_reference_required, nothing recorded, unless the person's consent is recorded already (a repeat: answered as recorded, nothing written).
         */
        post: operations["record_biometric_consent_employees__employee_id__biometric_consent_post"];
        /**
         * The employee withdraws their biometric consent and stays employed
         * @description Their biometric data is erased exactly as DELETE /employees/{id}?erase=true erases it, the consent cleared, and the person kept active (their time is entered by HR as manual punches): answers the erasure's counts, employee_deactivated false. The person then reads consent_withdrawn_at, and no photo of theirs is enrolled until consent is recorded again (409 consent_required, whatever FACEPASS_BIOMETRIC_CONSENT says). Audited (employee_audit biometrics `withdrawn`, biometric_consent ended); recorded in the ledger first, so a database restore erases again without deactivating; S3 failing: 503 erasure_incomplete, run it again (S3 stopping it half-way: the person then reads withdrawal_unfinished; the ledger refusing its record: nothing changed). Idempotent.
         */
        delete: operations["withdraw_biometric_consent_employees__employee_id__biometric_consent_delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/employees/{employee_id}/biometric-data": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What FacePass holds about the person's face (an access request): faces, held photos, photos that may show them and until when, records holding a score of their face */
        get: operations["biometric_data_employees__employee_id__biometric_data_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/employees/{employee_id}/enrollments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The person's photos held for HR (needs_confirmation), newest first: to confirm or refuse from any browser */
        get: operations["list_enrollments_employees__employee_id__enrollments_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/employees/{employee_id}/enrollments/{ticket_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Status of an enrollment upload (pending, completed, rejected with a reason) */
        get: operations["get_enrollment_employees__employee_id__enrollments__ticket_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/employees/{employee_id}/enrollments/{ticket_id}/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Confirm a held photo on purpose (a suspected duplicate: twins, a returning employee; not_same_person: a change of appearance): checked again first, both checks; a verdict that differs from the one seen is 409 hold_changed (stored on the ticket, in details.enrollment, nothing enrolled), else the face is enrolled
         * @description For the caller's own employee record: 403 `own_record`, unless FACEPASS_ALLOW_SELF_REVIEW.
         */
        post: operations["confirm_enrollment_employees__employee_id__enrollments__ticket_id__confirm_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/employees/{employee_id}/enrollments/{ticket_id}/reject": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Refuse a held photo (suspected duplicate or not_same_person): its waiting face data and face crop are deleted */
        post: operations["reject_enrollment_employees__employee_id__enrollments__ticket_id__reject_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/employees/{employee_id}/faces": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Enrolled faces (never the vectors) */
        get: operations["list_faces_employees__employee_id__faces_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/employees/{employee_id}/faces/{face_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove one enrolled face (a misfiled photo) and its biometric data; answers the faces left and the punches to check */
        delete: operations["remove_face_employees__employee_id__faces__face_id__delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/employees/{employee_id}/photos": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Get a presigned S3 POST for one enrollment photo
         * @description For the caller's own employee record (the one whose email is theirs): 403 `own_record`, unless FACEPASS_ALLOW_SELF_REVIEW (whose face is on a record decides whose punches the kiosk writes). The ticket names the caller (`requested_by`), and the face stored from it is audited as theirs: a token without a subject gets none (403 `actor_unknown`).
         */
        post: operations["create_upload_ticket_employees__employee_id__photos_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness, database and schema check (503 when not ok) */
        get: operations["health_health_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/identify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Who is this? The largest face, or every face with all_faces=true (group check-in)
         * @description A device token gets the kiosk view (KioskIdentifyResult): whether a face good enough to check in is there (decision `present`) or why not (`retry`, retry_reason), and the face's box — never who (no employee, nothing searched: a kiosk asks only whether the hall is empty, and a stolen token must not name faces silently), nor candidates, similarities, margin, threshold, gallery size or liveness scores. A caller with the admin scope gets the evidence (IdentifyResult).
         */
        post: operations["identify_identify_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller: who the audit names, the console roles the token carries, and their own employee record (separation of duties); records their sign-in (user name, roles, time; at most hourly) */
        get: operations["me_me_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/me/attendance": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's own punches of their days, oldest first: when, which way, whether it counts, who typed it; nothing the face decided
         * @description The caller's own employee record is the one whose email is theirs (GET /me: employee_id); none: 404 `no_employee_record`.
         */
        get: operations["my_attendance_me_attendance_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/me/biometrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What FacePass holds about the caller's own face (their access request): their consent, enrolled faces, their photos and until when, how long things are kept and whom to ask
         * @description The caller's own employee record is the one whose email is theirs (GET /me: employee_id); none: 404 `no_employee_record`. GET /employees/{id}/biometric-data's report for them without what is HR's or other people's: no vectors, photos, storage or event ids, model or scores, no HR user name; photos of other punches that may show them only counted. Withdrawing consent: the privacy contact (notice.privacy_contact; null: HR), who withdraws it (DELETE /employees/{id}/biometric-consent). Logged as the report is (README, Privacy).
         */
        get: operations["my_biometrics_me_biometrics_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/me/corrections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's own correction requests, newest first, with HR's answers
         * @description The caller's own employee record is the one whose email is theirs (GET /me: employee_id); none: 404 `no_employee_record`. The punch a request names shows its time and direction only while it is the caller's (null once HR assigned it to someone else).
         */
        get: operations["my_corrections_me_corrections_get"];
        put?: never;
        /**
         * "Something wrong?": ask HR to correct a day of the caller's hours (Idempotency-Key header replays retries)
         * @description The caller's own employee record is the one whose email is theirs (GET /me: employee_id); none: 404 `no_employee_record`. event_id: one of the caller's punches (another person's: 404 `attendance_not_found`). At most 3 open requests about one day (409 `too_many_open_corrections`) and 20 in all (409 `too_many_open_corrections_total`), 10 filed in 24 hours (429 `too_many_recent_corrections`); a day after the caller's today (in their own zone) or over 366 days ago: 422 `invalid_correction_date`; a day before their record was created (and before their first punch): 422 `correction_before_record`.
         */
        post: operations["request_correction_me_corrections_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/me/timesheet": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's own timesheet row for a period: exactly GET /attendance/timesheet's row for them, with the pay-period lock
         * @description The caller's own employee record is the one whose email is theirs (GET /me: employee_id); none: 404 `no_employee_record`.
         */
        get: operations["my_timesheet_me_timesheet_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/payroll/closes/{history_id}/adjustments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What a close pays or claws back on top of the earlier closes, per person and day (CSV with Accept: text/csv)
         * @description For every day the close signed again that an earlier close (with its minutes kept) had signed (a day reopened, fixed and closed again), per person whose minutes moved: signed_before (the latest earlier close covering the day; 0: it had no time for them), signed_now and delta (negative: clawed back). A day signed for the first time is none. CSV columns: employee_id, full_name, timezone, day, signed_before, signed_now, delta. 404 `close_not_found` for an unknown history id or a reopen's.
         */
        get: operations["close_adjustments_payroll_closes__history_id__adjustments_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/payroll/lock": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The pay-period lock: the day the pay period is closed through (null: none), and every close and reopen, newest first; the latest day closable now
         * @description closed_with: the report settings (report_timezone, max_shift_hours, repeat_window_seconds) the closed days were computed with, recorded by each close (a partial reopen keeps them, a reopen of everything clears them; null: nothing closed, or closed before they were kept); running: those the reports compute with now; settings_differ (and differing_settings, which): they are not the same, the closed days' figures may have moved since they were signed, and a close is refused (409 `close_settings_changed`).
         */
        get: operations["get_lock_payroll_lock_get"];
        put?: never;
        /**
         * Close the pay period through a day, or reopen (an earlier day or null, with a note); audited in the history, the same body again changes nothing
         * @description Every change to an attendance record whose day (in its person's zone, as the timesheet counts it) is on or before closed_through is then refused: 409 `period_closed` (details: closed_through). A kiosk capture into the closed period is recorded awaiting review (reason period_closed), decided only after a reopen. Erasure is never refused. 422 `closed_through_not_over` for a day not over in every zone or whose longest shift has not ended (details: closable_from, latest_closable; GET answers latest_closable), `reopen_note_required` for a reopen without a note. 409 `lock_changed` (details: closed_through, changed_by, changed_at) when expected_closed_through is sent and is not the current date. 409 `period_undecided` when the days a close newly closes (after the current closed_through; with nothing closed, every day before too), each person's days in their zone as the timesheet places them, still hold punches awaiting review or shifts missing a punch (an entry with no exit, an exit with no entry), each undecided punch once (a punch awaiting review that is the missing side of that same shift, paired as the reports pair, is the pending review; another shift of the day left open still counts): and people whose Face ID was withdrawn (biometric consent withdrawn while employed: their time typed by HR) at some instant of those days without one counted punch on the days they were (kind without_time, once per person, dated the first such day; count: those days): and correction requests employees filed (POST /me/corrections) about one of those days that nobody answered yet (kind open_correction, one per request, on the request's day, the person's own): details pending_reviews (punches), days_without_exit and days_without_entry (person-days), people_without_time, open_corrections (requests), corrections (the first ten open requests: id, employee_id, full_name, date; never the employee's note), date_from..date_to (the newly closed days), first_day..last_day (those holding one), closed_through, pending_event_ids (the punches counted, at most 500: GET /attendance/review?ids= lists exactly them), fingerprint, changed and the first few other items (employee_id and full_name, null for a face nobody was matched to, counted on the first newly closed day it is on in any zone people hold; date; kind pending_review, without_exit, without_entry or without_time; count), nothing written. A shift with no exit is weighed by the close of its entry's day, an exit with no entry by the close of its own day (in the person's zone), by no other. Send force: true (with undecided_fingerprint: the fingerprint shown) to close anyway: the history row says forced and keeps the counts; a fingerprint no longer current is 409 `period_undecided` again (changed: true). A close forced over undecided days needs a non-blank note saying why: without one 422 `force_note_required` (details: the counts, date_to), nothing written (a close with nothing undecided needs none). The check runs before the lock row is taken: attendance writes do not wait for it. 409 `close_settings_changed` (details: which, closed_through, closed_with, running) for a close while the running report settings (FACEPASS_REPORT_TIMEZONE, FACEPASS_MAX_SHIFT_HOURS, FACEPASS_CHECKIN_REPEAT_WINDOW_SECONDS) are not those the closed days were computed with (GET: closed_with), nothing written: restore them, or reopen every day (closed_through null) and close again. A reopen is never refused for it. Each close records the running ones (closed_with, also in its history row).
         */
        post: operations["set_lock_payroll_lock_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/reviewer-departments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every console user scoped to departments, with their departments, the latest change and their last sign-in; and the reviewers without departments, who see everyone
         * @description `items[].last_seen_at`: the user's last sign-in to the console (GET /me records it, at most once an hour); null when nobody signed in under that name in the last 400 days (check the spelling: under a typo the real user is unscoped). `unscoped_reviewers`: users seen with the reviewer role, neither admin nor payroll, and no departments: they see and decide everyone's punches and face snapshots.
         */
        get: operations["list_reviewer_departments_reviewer_departments_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/reviewer-departments/{username}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Set the departments a console user reviews ([] removes the scope); audited, idempotent
         * @description The user name as their token carries it (`username`; matched in any case, stored lower case; percent-encoded or not). A user with departments who holds neither the admin nor the payroll role sees and decides only the punches, people and correction requests of employees of those departments; punches nobody was matched to are left to admins and unscoped reviewers. 422: invalid_username (1-128 characters, no spaces), invalid_department (1-100 printable characters once trimmed), too_many_departments (over 50), unknown_department (a department added that no employee has, the spelling exactly; details.departments). Every change is audited (who, when, before, after); the same departments again change and audit nothing. 403 actor_unknown for a token naming no user. Departments given to a name nobody signed in with are saved, with `warning` {code: never_signed_in} (a user may be set up before their first sign-in; else check the spelling).
         */
        put: operations["set_reviewer_departments_reviewer_departments__username__put"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/schedules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every work schedule, by name
         * @description The daily report measures each person's day against their schedule (late_minutes, left_early_minutes, no_show); a schedule is evidence for HR and never changes worked time. As it is now it applies to every day shown, past ones too.
         */
        get: operations["list_schedules_schedules_get"];
        put?: never;
        /**
         * Create a work schedule
         * @description 409 `schedule_exists`: the name is taken (in any case); 422 `duplicate_weekday`: a weekday given twice; 422 `validation_error`: a time not HH:MM, a start equal to its end, a grace outside 0-120, an unknown field.
         */
        post: operations["create_schedule_schedules_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/schedules/{schedule_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Replace a work schedule's name, grace and days (its people keep it)
         * @description 404 `schedule_not_found`, 409 `schedule_exists`, 422 `duplicate_weekday` (and the validation errors of POST). No attendance row changes: The daily report measures each person's day against their schedule (late_minutes, left_early_minutes, no_show); a schedule is evidence for HR and never changes worked time. As it is now it applies to every day shown, past ones too.
         */
        put: operations["replace_schedule_schedules__schedule_id__put"];
        post?: never;
        /**
         * Delete a work schedule nobody has
         * @description 200, the schedule as it was (as the other deletes answer their record). 409 `schedule_in_use` while employees (active or not) have it (`details.employees`: how many): give them another schedule or none first (PATCH /employees/{id} schedule_id). 404 `schedule_not_found`.
         */
        delete: operations["delete_schedule_schedules__schedule_id__delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Is this the given employee? (1:1)
         * @description The probe passes identify's quality gates first (else `verified: false` with `retry_reason`, nothing compared); a deactivated person is never verified. A device token gets only `verified` and `retry_reason` (KioskVerifyResult), and the same 404 `employee_not_found` for an id that is unknown, deactivated, erased or not enrolled. A caller with the admin scope gets the similarity, threshold and is_active (VerifyResult); 409 `not_enrolled` for a person without a face of the model.
         */
        post: operations["verify_verify_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** Absence */
        Absence: {
            /**
             * Batch Id
             * @description The bulk add (POST /attendance/absences/bulk) that recorded it: DELETE /attendance/absences/batches/{batch_id} undoes that add whole. Null for an absence added singly or as one person's range.
             */
            batch_id?: string | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /**
             * Created By
             * @description Who recorded it (as audit rows name actors).
             */
            created_by: string;
            /**
             * Day
             * Format: date
             */
            day: string;
            /** Department */
            department: string | null;
            /**
             * Employee Id
             * Format: uuid
             */
            employee_id: string;
            /** Full Name */
            full_name: string;
            /** Id */
            id: number;
            /**
             * In Closed Period
             * @description Its day is on or before the pay period's closed_through: deleting it is 409 period_closed until payroll reopens the day.
             * @default false
             */
            in_closed_period: boolean;
            /**
             * Kind
             * @enum {string}
             */
            kind: "vacation" | "sick" | "holiday" | "other";
            /** Minutes */
            minutes: number;
            /** Note */
            note: string | null;
        };
        /**
         * AbsenceBatchDeleted
         * @description What undoing a bulk add deleted (DELETE /attendance/absences/batches/{batch_id}).
         */
        AbsenceBatchDeleted: {
            /**
             * Deleted
             * @description How many absences of the batch were deleted (those deleted singly before are not counted).
             */
            deleted: number;
            /**
             * People
             * @description How many people they were of.
             */
            people: number;
        };
        /**
         * AbsenceBulkRequest
         * @description A paid absence for many people at once (POST /attendance/absences/bulk): a public holiday or a company's
         *     closing day for a department or everyone, each person's days as a range records them for one person.
         */
        AbsenceBulkRequest: {
            /**
             * Day
             * Format: date
             * @description YYYY-MM-DD, one of the person's days (as the timesheet's: each person's own); at most 366 days before or after today.
             */
            day: string;
            /**
             * Day To
             * @description Optional: the last day of a range `day`..`day_to` (inclusive, on or after `day`: else 422 invalid_date_range; at most 92 days in all: else 422 date_range_too_long; at most 366 days from today). One absence per chosen day (see `weekdays`) that has no absence of any kind yet, each with this kind, minutes and note; the days already covered are skipped (never paid twice) and listed. For one person, a day refused (period_closed, employee_inactive) writes none, every chosen day covered already is 409 absence_exists naming them in `details.days`, and the answer is then `{items: [...], skipped: [{day, kinds}]}`, the absences created and the days skipped, by day (without `day_to` it is the one absence, as ever); for many people, each person's days as one person's range, their answer the bulk add's.
             */
            day_to?: string | null;
            /**
             * Department
             * @description The department whose employees have it (the name exactly as stored: GET /employees/departments; their department now), those employed at some instant of the chosen days (a leaver since too). Exactly one of `department` and `everyone`: else 422 validation_error. A scoped reviewer's: one of theirs, else 403 outside_departments.
             */
            department?: string | null;
            /**
             * Everyone
             * @description true: every employee employed at some instant of the chosen days, a leaver since too (a scoped reviewer: those of their departments).
             */
            everyone?: boolean | null;
            /**
             * Kind
             * @description vacation, sick, holiday (a public holiday) or other (another paid absence). One of each kind per person and day.
             * @enum {string}
             */
            kind: "vacation" | "sick" | "holiday" | "other";
            /**
             * Minutes
             * @description The paid minutes of each absence (480: 8 hours).
             */
            minutes: number;
            /**
             * Note
             * @description Why (optional).
             */
            note?: string | null;
            /**
             * Weekdays
             * @description Only with `day_to`: the days of the week of the range to record (`monday`..`sunday`); default monday to friday (a week's vacation skips the weekend). A range with none of these days is 422 no_days_in_range.
             */
            weekdays?: ("monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday")[] | null;
        };
        /**
         * AbsenceBulkResult
         * @description What a bulk add recorded: counts, not the rows (up to 20,000: GET /attendance/absences lists them).
         */
        AbsenceBulkResult: {
            /**
             * Batch Id
             * Format: uuid
             * @description This bulk add's id, on every absence it created (GET /attendance/absences items' `batch_id`): DELETE /attendance/absences/batches/{batch_id} undoes it.
             */
            batch_id: string;
            /**
             * Created
             * @description How many absences were created (one per person and day).
             */
            created: number;
            /**
             * People
             * @description How many people got at least one of them.
             */
            people: number;
            /**
             * Skipped
             * @description By name: per person and reason, the chosen days recorded nothing for them (a person may be listed twice: days covered and days not employed).
             */
            skipped?: components["schemas"]["AbsenceBulkSkipped"][];
        };
        /**
         * AbsenceBulkSkipped
         * @description A person a bulk add recorded nothing for on some of its days, and why.
         */
        AbsenceBulkSkipped: {
            /**
             * Days
             * @description The days skipped for this reason, ascending.
             */
            days: string[];
            /**
             * Employee Id
             * Format: uuid
             */
            employee_id: string;
            /** Full Name */
            full_name: string;
            /**
             * Reason
             * @description `covered`: these days had an absence of any kind already (never paid twice); `not_employed`: the person was not employed on these days (deactivated then, or their record created after the day: a new hire); `own_record`: the caller's own employee record (separation of duties; FACEPASS_ALLOW_SELF_REVIEW records it instead, audited as a self-review), all the days.
             * @enum {string}
             */
            reason: "covered" | "not_employed" | "own_record";
        };
        /**
         * AbsenceChange
         * @description A correction of a recorded absence (PATCH /attendance/absences/{absence_id}): its kind, minutes or note, each
         *     as an add takes it (the same types: AbsenceKind, AbsenceMinutes, AbsenceNote); at least one. Its day and person
         *     are not changed here (an unknown field is 422): delete it and add it again.
         */
        AbsenceChange: {
            /**
             * Kind
             * @description The new kind (one of each kind per person and day: another the person has that day already is 409 absence_exists).
             * @enum {string}
             */
            kind?: "vacation" | "sick" | "holiday" | "other";
            /**
             * Minutes
             * @description The new paid minutes (the day's absences together at most 1440: else 409 absence_day_full).
             */
            minutes?: number;
            /**
             * Note
             * @description The new note; null clears it; left out: kept.
             */
            note?: string | null;
        };
        /** AbsencePage */
        AbsencePage: {
            /**
             * Date From
             * Format: date
             */
            date_from: string;
            /**
             * Date To
             * Format: date
             */
            date_to: string;
            /**
             * Items
             * @description By day, then name, then person, then absence id (the order recorded): `limit` a page.
             */
            items: components["schemas"]["Absence"][];
            /**
             * Next Cursor
             * @description Pass as `cursor`, with the same filters, to get the next page; null on the last page.
             */
            next_cursor: string | null;
        };
        /**
         * AbsenceRange
         * @description The absences a range (POST /attendance/absences with day_to) created: one per chosen day that had none.
         */
        AbsenceRange: {
            /**
             * Items
             * @description By day: one per chosen day of the range that had no absence yet.
             */
            items: components["schemas"]["Absence"][];
            /**
             * Skipped
             * @description By day: the chosen days that already had an absence of any kind, left as they were.
             */
            skipped?: components["schemas"]["AbsenceSkipped"][];
        };
        /**
         * AbsenceRequest
         * @description A paid absence HR records (POST /attendance/absences): not worked time, shown beside it in the timesheet.
         */
        AbsenceRequest: {
            /**
             * Day
             * Format: date
             * @description YYYY-MM-DD, one of the person's days (as the timesheet's: each person's own); at most 366 days before or after today.
             */
            day: string;
            /**
             * Day To
             * @description Optional: the last day of a range `day`..`day_to` (inclusive, on or after `day`: else 422 invalid_date_range; at most 92 days in all: else 422 date_range_too_long; at most 366 days from today). One absence per chosen day (see `weekdays`) that has no absence of any kind yet, each with this kind, minutes and note; the days already covered are skipped (never paid twice) and listed. For one person, a day refused (period_closed, employee_inactive) writes none, every chosen day covered already is 409 absence_exists naming them in `details.days`, and the answer is then `{items: [...], skipped: [{day, kinds}]}`, the absences created and the days skipped, by day (without `day_to` it is the one absence, as ever); for many people, each person's days as one person's range, their answer the bulk add's.
             */
            day_to?: string | null;
            /**
             * Employee Id
             * Format: uuid
             */
            employee_id: string;
            /**
             * Kind
             * @description vacation, sick, holiday (a public holiday) or other (another paid absence). One of each kind per person and day.
             * @enum {string}
             */
            kind: "vacation" | "sick" | "holiday" | "other";
            /**
             * Minutes
             * @description The paid minutes of each absence (480: 8 hours).
             */
            minutes: number;
            /**
             * Note
             * @description Why (optional).
             */
            note?: string | null;
            /**
             * Weekdays
             * @description Only with `day_to`: the days of the week of the range to record (`monday`..`sunday`); default monday to friday (a week's vacation skips the weekend). A range with none of these days is 422 no_days_in_range.
             */
            weekdays?: ("monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday")[] | null;
        };
        /**
         * AbsenceSkipped
         * @description A chosen day of a range that already had an absence: nothing recorded on it (a day is never paid twice).
         */
        AbsenceSkipped: {
            /**
             * Day
             * Format: date
             */
            day: string;
            /**
             * Kinds
             * @description The kinds already recorded that day (alphabetical).
             */
            kinds: ("vacation" | "sick" | "holiday" | "other")[];
        };
        /**
         * AttendanceChange
         * @description One change with the face's evidence of each side: what GET /attendance/audit gives admin and reviewers.
         */
        AttendanceChange: {
            /**
             * Action
             * @description add: a punch HR entered by hand; confirm, reassign, reject: a review decision; flag: sent back to review (by the server, or by the person at the kiosk: "Not you?").
             * @enum {string}
             */
            action: "add" | "confirm" | "reassign" | "reject" | "flag";
            /**
             * Actor
             * @description Who made it, as the event's audit trail names them (AuditEntry.actor).
             */
            actor: string;
            after: components["schemas"]["EvidenceChangeSide"];
            /**
             * Automatic
             * @description The server made it itself (a `flag`), no person.
             * @default false
             */
            automatic: boolean;
            before: components["schemas"]["EvidenceChangeSide"];
            /**
             * Created At
             * Format: date-time
             * @description When the change was made.
             */
            created_at: string;
            /** @description Whose punch the change concerns: `after`'s person, else `before`'s (null when neither names anyone this caller may read). */
            employee: components["schemas"]["EventPerson"] | null;
            /**
             * Event Id
             * @description The attendance event changed (GET /attendance/{event_id}/audit: its trail).
             */
            event_id: number;
            /**
             * Id
             * @description The audit row's id (the listing's order and cursor).
             */
            id: number;
            /**
             * In Closed Period
             * @description The punch's day (its day, as the timesheet and the lock count it: in its person's zone, a night shift's exit on its entry's day) is in a closed pay period now (on or before closed_through: a change to it would be refused, 409 period_closed).
             */
            in_closed_period: boolean;
            /**
             * Note
             * @description Why, as the actor wrote it (for payroll HR's words only, without the server's account of what a forced decision undid).
             */
            note: string | null;
            /**
             * Occurred At
             * @description The punch's time as it is now (null: the event is gone).
             */
            occurred_at: string | null;
            /**
             * Outside Departments
             * @description For a reviewer scoped to departments: this row named someone outside their departments, withheld here (as AuditEntry's).
             * @default false
             */
            outside_departments: boolean;
            /**
             * Self Review
             * @description The actor changed a punch of their own employee record (FACEPASS_ALLOW_SELF_REVIEW).
             * @default false
             */
            self_review: boolean;
        };
        /** AttendanceChangePage */
        AttendanceChangePage: {
            /** Items */
            items: components["schemas"]["AttendanceChange"][];
            /** Next Cursor */
            next_cursor: string | null;
            /**
             * Timezone
             * @description IANA zone changed_from and changed_to are days in (the report zone); the CSV's times are said in it.
             */
            timezone: string;
        };
        /** AttendanceEvent */
        AttendanceEvent: {
            /** Device Id */
            device_id: string | null;
            /**
             * Device Name
             * @description The name HR gave the kiosk that recorded it (at pairing, *Devices*); null when no kiosk did or its device is gone.
             */
            device_name?: string | null;
            /**
             * Direction Source
             * @description Who chose `event_type`: kiosk (its check-in or check-out), auto (the server, for POST /attendance/punch: exit when the person had a shift open at the capture time, else entry; a double press keeps the direction of the press it repeats; an unmatched punch gets its best candidate's) or hr (a punch HR added).
             * @default kiosk
             * @enum {string}
             */
            direction_source: "kiosk" | "auto" | "hr";
            employee: components["schemas"]["EventPerson"] | null;
            /**
             * Entered By
             * @description Set when HR added this event by hand (who did).
             */
            entered_by?: string | null;
            /**
             * Event Type
             * @enum {string}
             */
            event_type: "entry" | "exit";
            /** Id */
            id: number;
            /**
             * Liveness Score
             * @description Fused MiniFASNet p_live (0-1); a risk signal.
             */
            liveness_score?: number | null;
            /** @description Whom the face matched when the event was taken: the subject of `status` and `similarity`. A reassignment moves the punch (`employee`), never this; null when no face matched (unknown, ambiguous) or HR entered the punch. */
            matched_employee?: components["schemas"]["PersonRef"] | null;
            /**
             * Occurred At
             * Format: date-time
             */
            occurred_at: string;
            /**
             * Offline
             * @description Captured while the kiosk was offline (occurred_at = capture).
             * @default false
             */
            offline: boolean;
            /**
             * Received At
             * @description When the server received it.
             */
            received_at?: string | null;
            /**
             * Repeat Of
             * @description A repeat (a double press, two kiosks at once) of this event, within the repeat window: stored, and counted only when that event is not (the reports take a second entry within the window as a double press).
             */
            repeat_of?: number | null;
            /**
             * Review Reasons
             * @description Why it was flagged: liveness, replay, ambiguous, low_margin, unknown, challenge_failed, challenge_missing, challenge_late, captured_before_pairing, captured_before_enrollment, multiple_faces, direction_uncertain, period_closed (recorded into a closed pay period: decided after a reopen), disputed_at_kiosk (the person at the kiosk said it was not them: "Not you?"), face_free (typed at the kiosk without Face ID: no photo).
             */
            review_reasons?: string[];
            /**
             * Review State
             * @description none: never flagged; pending: awaiting review.
             * @default none
             * @enum {string}
             */
            review_state: "none" | "pending" | "confirmed" | "reassigned" | "rejected";
            /** Reviewed At */
            reviewed_at?: string | null;
            /** Reviewed By */
            reviewed_by?: string | null;
            /**
             * Revision
             * @description How many decisions have changed this event (reviews, a rejection by a replacing manual punch). Send it back as a review's `expected_revision`.
             * @default 0
             */
            revision: number;
            /**
             * Similarity
             * @description The face's similarity to `matched_employee` (null: no face matched, or HR entered the punch).
             */
            similarity: number | null;
            /** Snapshot Key */
            snapshot_key: string | null;
            /**
             * Status
             * @enum {string}
             */
            status: "recognized" | "unknown" | "ambiguous" | "rejected";
            /**
             * Trace Id
             * Format: uuid
             */
            trace_id: string;
        };
        /** AttendancePage */
        AttendancePage: {
            /** Items */
            items: components["schemas"]["AttendanceEvent"][];
            /** Next Cursor */
            next_cursor: string | null;
            /**
             * Timezone
             * @description IANA zone the dates asked for are days in (and the CSV's times are said in): the report zone; with employee_id, that person's (their own, else the report zone), as held when the last day began (date_to's; today's without it); each event is on its date in the zone held at its instant.
             */
            timezone: string;
        };
        /** AuditEntry */
        AuditEntry: {
            /** Action */
            action: string;
            /**
             * Actor
             * @description Who: the user name (JWT `username`), else the token's subject (`sub`); for a change the server made itself (`automatic`), `FacePass (automatic)`, which no token can be; at the word of the person at a kiosk ("Not you?"), `FacePass (automatic): kiosk <device_id>`.
             */
            actor: string;
            /** After */
            after: {
                [key: string]: unknown;
            };
            /** Attendance Id */
            attendance_id: number;
            /**
             * Automatic
             * @description The server made this change itself (a `flag`), no person (a kiosk's "Not you?" too: the actor names the kiosk).
             * @default false
             */
            automatic: boolean;
            /** Before */
            before: {
                [key: string]: unknown;
            };
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** @description A `flag`'s reason (null for other actions, and for flags written before it was kept): the console words it; `note` says it in English. */
            decided_without?: components["schemas"]["DecidedWithout"] | null;
            /**
             * Device Name
             * @description For a kiosk's "Not you?" (the actor names its device id), the name HR gave that kiosk; null for any other actor.
             */
            device_name?: string | null;
            /** Id */
            id: number;
            /** Note */
            note: string | null;
            /**
             * Outside Departments
             * @description For a reviewer scoped to departments: this row named someone outside their departments, withheld here (in before/after their employee_id and similarity null, their candidate entries left out, the similarity null when the face matched them; a flag's decided_without left out when that punch is now another department's person's, its note said without it). README Roles.
             * @default false
             */
            outside_departments: boolean;
            /**
             * Self Review
             * @description The actor changed a punch of their own employee record, allowed by FACEPASS_ALLOW_SELF_REVIEW (separation of duties off; README Roles).
             * @default false
             */
            self_review: boolean;
        };
        /** AuditTrail */
        AuditTrail: {
            /** Attendance Id */
            attendance_id: number;
            /** Items */
            items: components["schemas"]["AuditEntry"][];
        };
        /** BiometricConsent */
        BiometricConsent: {
            /**
             * Recorded At
             * Format: date-time
             * @description When HR recorded the employee's consent (the first recording).
             */
            recorded_at: string;
            /**
             * Recorded By
             * @description Who recorded it (the token's user name, else its subject).
             */
            recorded_by: string;
            /**
             * Reference
             * @description The reference given (the signed form), or null.
             */
            reference: string | null;
        };
        /**
         * BiometricConsentRequest
         * @description HR records that the employee received the biometric notice and agreed in writing (BIPA's written release,
         *     GDPR Art. 9 explicit consent).
         */
        BiometricConsentRequest: {
            /**
             * Reference
             * @description Where the signed release is (a form number, a file): required when FACEPASS_BIOMETRIC_CONSENT=required (GET /me: biometric_consent), else 422 consent_reference_required, nothing recorded; optional when it is off.
             * @example signed form 2026-11 #123
             */
            reference?: string | null;
        };
        /**
         * BiometricDataReport
         * @description Everything biometric FacePass holds about one person, as an erasure would find it (an access request: GDPR
         *     Art. 15, BIPA disclosure). Vectors and photos themselves are never in it.
         */
        BiometricDataReport: {
            /** @description The record, with its biometric consent and erasure time. */
            employee: components["schemas"]["Employee"];
            /**
             * Enrollment Records
             * @description Their enrollment tickets, whatever their state (a refused photo's reason and scores; the erasure deletes them all).
             */
            enrollment_records: number;
            /**
             * Faces
             * @description Enrolled faces: one embedding each (never shown), no photo.
             */
            faces: components["schemas"]["FaceRecord"][];
            /**
             * Generated At
             * Format: date-time
             */
            generated_at: string;
            /**
             * Held As Possibly Theirs
             * @description Other people's uploads waiting for HR as a suspected duplicate of them (most likely their face).
             */
            held_as_possibly_theirs: number;
            /**
             * Held Photos
             * @description Their uploads waiting for HR: an embedding each until decided, and a face crop while held.
             */
            held_photos: components["schemas"]["HeldPhotoOfPerson"][];
            /**
             * Photos
             * @description Attendance photos (snapshots) that may show them, oldest first.
             */
            photos: components["schemas"]["PhotoOfPerson"][];
            /**
             * Scored Audit Entries
             * @description Attendance audit entries about them holding a face's scores (similarity, liveness): the erasure strips the scores, the entries stay.
             */
            scored_audit_entries: number;
            /**
             * Scored Punches
             * @description Attendance records holding a score of their face (their punches' or a match's similarity, or a candidate entry naming them).
             */
            scored_punches: number;
            /**
             * Scored Tickets
             * @description Enrollment tickets holding a score against their faces.
             */
            scored_tickets: number;
            /**
             * Stored Answers Naming
             * @description Stored Idempotency-Key answers (a kiosk's replayable answer) naming them: the erasure stores them again without them.
             */
            stored_answers_naming: number;
            /**
             * Uploads Waiting
             * @description Enrollment photos in the bucket not processed yet (deleted once embedded, or by the cleanup).
             */
            uploads_waiting: number;
        };
        /** Box */
        Box: {
            /** Height */
            height: number;
            /** Width */
            width: number;
            /** X */
            x: number;
            /** Y */
            y: number;
        };
        /** CandidateOut */
        CandidateOut: {
            /**
             * Employee Id
             * Format: uuid
             */
            employee_id: string;
            /**
             * Face Similarity
             * @description Best similarity to a single enrolled photo.
             */
            face_similarity?: number | null;
            /**
             * Similarity
             * @description What the decision uses: the better of template_similarity and face_similarity.
             */
            similarity: number;
            /**
             * Template Similarity
             * @description Similarity to the person's template (mean of their enrolled embeddings).
             */
            template_similarity?: number | null;
        };
        /** Challenge */
        Challenge: {
            /**
             * Expires At
             * Format: date-time
             */
            expires_at: string;
            /**
             * Frames Expected
             * @description Frames to capture over the turn (2-8 accepted).
             */
            frames_expected: number;
            /**
             * Instruction
             * @description turn_left: the person turns their head to their own left (in an unmirrored camera image the nose moves toward the image's right); turn_right the other way.
             * @enum {string}
             */
            instruction: "turn_left" | "turn_right";
            /**
             * Nonce
             * @description Send back as `challenge_nonce` with the frames; single use, this device only.
             */
            nonce: string;
        };
        /**
         * ChangeSide
         * @description An attendance event as a change found it (`before`) or left it (`after`): whose punch, when, which way and its
         *     review state. Empty fields (all null) for the `before` of a punch HR added (it did not exist).
         */
        ChangeSide: {
            /** Direction Source */
            direction_source?: ("kiosk" | "auto" | "hr") | null;
            /** @description Whose punch it was (null: nobody's, e.g. an unknown face; or, for payroll, a punch that did not count for anyone then, whose person would be the face's match; for a scoped reviewer, someone outside their departments). */
            employee?: components["schemas"]["EventPerson"] | null;
            /**
             * Event Type
             * @description The direction: entry or exit.
             */
            event_type?: ("entry" | "exit") | null;
            /** Occurred At */
            occurred_at?: string | null;
            /** Review State */
            review_state?: ("none" | "pending" | "confirmed" | "reassigned" | "rejected") | null;
        };
        /**
         * CheckResult
         * @description The check-in/out answer (a device token's): the kiosk view of the decision and of the event. This is also
         *     what an Idempotency-Key stores and replays.
         */
        CheckResult: {
            /**
             * Dispute Event Id
             * @description The punch the kiosk's "Not you?" sends to review (`POST /attendance/{event_id}/dispute`), decided by the server when it answered: the press's own id, a new live punch's or a repeat's (never the punch a repeat repeats, `event.id`: that one keeps counting, and the repeat goes to review alone), while at least 25 s of the route's 120 s window are left (the kiosk's 15 s button and its 10 s dispute deadline). Null otherwise (nothing to dispute here: an offline capture, a flagged punch, an answer replayed too late).
             */
            dispute_event_id?: number | null;
            /**
             * Dispute Until
             * @description With dispute_event_id: the server time until which the dispute route accepts it (the punch's received_at + 120 s); the kiosk hides "Not you?" in time for its dispute to arrive before it. Null without dispute_event_id.
             */
            dispute_until?: string | null;
            /** @description null when the identification is `retry`: nothing was recorded; the kiosk asks for another photo. */
            event: components["schemas"]["KioskEvent"] | null;
            identification: components["schemas"]["KioskDecision"];
            /**
             * Repeated
             * @description True when the same person's same event within the repeat window was returned instead of a new one.
             */
            repeated: boolean;
            /**
             * Replayed
             * @description True when an Idempotency-Key replayed the first answer.
             * @default false
             */
            replayed: boolean;
        };
        /** CloseAdjustment */
        CloseAdjustment: {
            /**
             * Day
             * Format: date
             * @description The day signed again (in the person's zone, as the timesheet counts it).
             */
            day: string;
            /**
             * Delta
             * @description signed_now - signed_before: what this close pays (negative: claws back) on top of the earlier closes.
             */
            delta: number;
            /**
             * Email
             * @description The employee's email (a payroll import's other key).
             */
            email?: string | null;
            /**
             * Employee Id
             * Format: uuid
             */
            employee_id: string;
            /**
             * Employee Number
             * @description The employee's number in the payroll system (the key a payroll file is imported by): optional, 1-50 printable characters, as typed (trimmed, case kept); unique when set, in any case (409 employee_number_taken). The timesheet and daily CSVs carry it (column employee_number).
             */
            employee_number?: string | null;
            /** Full Name */
            full_name: string;
            /**
             * Signed Before
             * @description The minutes the latest earlier close covering the day signed (0: it kept minutes and had none for the person).
             */
            signed_before: number;
            /**
             * Signed Now
             * @description The minutes this close signed.
             */
            signed_now: number;
            /**
             * Timezone
             * @description The employee's zone now (the report zone when they have none of their own).
             */
            timezone: string;
        };
        /** CloseAdjustments */
        CloseAdjustments: {
            /** Closed Through */
            closed_through: string | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** History Id */
            history_id: number;
            /**
             * Items
             * @description Per person and day, by name then day; a day signed for the first time, or signed again unchanged, is none.
             */
            items: components["schemas"]["CloseAdjustment"][];
            /** Minutes Adjusted */
            minutes_adjusted: number | null;
            /** People Adjusted */
            people_adjusted: number | null;
            /** Previous */
            previous: string | null;
        };
        /**
         * CloseSettings
         * @description The settings the reports compute days and shifts with (close_settings.py).
         */
        CloseSettings: {
            /**
             * Max Shift Hours
             * @description FACEPASS_MAX_SHIFT_HOURS (template parameter MaxShiftHours).
             */
            max_shift_hours: number;
            /**
             * Repeat Window Seconds
             * @description FACEPASS_CHECKIN_REPEAT_WINDOW_SECONDS (template parameter CheckinRepeatWindowSeconds).
             */
            repeat_window_seconds: number;
            /**
             * Report Timezone
             * @description FACEPASS_REPORT_TIMEZONE (template parameter ReportTimezone): the zone of the days of people without a zone of their own.
             */
            report_timezone: string;
        };
        /** ConfirmRequest */
        ConfirmRequest: {
            /** @description The verdict the admin was shown (the ticket's `verdict`): the fresh check at confirmation is compared with it; without it, with the one stored on the ticket. */
            seen?: components["schemas"]["HoldVerdict"] | null;
        };
        /**
         * CorrectionRequest
         * @description A correction request as its employee reads it: what they asked and HR's answer.
         */
        CorrectionRequest: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /**
             * Date
             * Format: date
             */
            date: string;
            /**
             * Event Id
             * @description The punch it is about (null: the day as a whole, or the punch is gone).
             */
            event_id: number | null;
            /**
             * Event Occurred At
             * @description That punch's time (null without one, and in the employee's view null when the punch is no longer theirs: HR assigned it to someone else, or it is gone).
             */
            event_occurred_at?: string | null;
            /**
             * Event Type
             * @description That punch's direction (null as event_occurred_at).
             */
            event_type?: ("entry" | "exit") | null;
            /** Id */
            id: number;
            /** Note */
            note: string;
            /**
             * Resolution Note
             * @description HR's answer (null while open).
             */
            resolution_note?: string | null;
            /** Resolved At */
            resolved_at?: string | null;
            /**
             * State
             * @enum {string}
             */
            state: "open" | "resolved";
            /**
             * Timezone
             * @description IANA zone the request's day is a day in and event_occurred_at is read in, as the requester's timesheet and GET /me/attendance place them: the zone they held at the punch named (their own, else the report zone); without one, the zone held when the day began.
             * @example America/New_York
             */
            timezone: string;
        };
        /**
         * CorrectionRequestBody
         * @description POST /me/corrections: "Something wrong?" on a day of the caller's own hours.
         */
        CorrectionRequestBody: {
            /**
             * Date
             * Format: date
             * @description The day (YYYY-MM-DD, the caller's day as the timesheet shows it): not in the future, at most 366 days ago.
             */
            date: string;
            /**
             * Event Id
             * @description One of the caller's punches it is about (GET /me/attendance); another person's, or none such: 404 attendance_not_found.
             */
            event_id?: number | null;
            /**
             * Note
             * @description What is wrong, for HR.
             */
            note: string;
        };
        /**
         * CorrectionRequestItem
         * @description A correction request as HR reads it: whose, and who answered.
         */
        CorrectionRequestItem: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /**
             * Date
             * Format: date
             */
            date: string;
            employee: components["schemas"]["PersonRef"];
            /**
             * Event Id
             * @description The punch it is about (null: the day as a whole, or the punch is gone).
             */
            event_id: number | null;
            /**
             * Event Moved
             * @description The punch named is no longer the requester's (HR assigned it to someone else after the request): event_occurred_at and event_type are its time and direction now, not theirs.
             * @default false
             */
            event_moved: boolean;
            /**
             * Event Occurred At
             * @description That punch's time (null without one, and in the employee's view null when the punch is no longer theirs: HR assigned it to someone else, or it is gone).
             */
            event_occurred_at?: string | null;
            /**
             * Event Type
             * @description That punch's direction (null as event_occurred_at).
             */
            event_type?: ("entry" | "exit") | null;
            /** Id */
            id: number;
            /** Note */
            note: string;
            /**
             * Requested By
             * @description The user who asked (their console user name).
             */
            requested_by: string;
            /**
             * Resolution Note
             * @description HR's answer (null while open).
             */
            resolution_note?: string | null;
            /** Resolved At */
            resolved_at?: string | null;
            /** Resolved By */
            resolved_by?: string | null;
            /**
             * Self Review
             * @description Resolved by the requester themselves, allowed by FACEPASS_ALLOW_SELF_REVIEW.
             * @default false
             */
            self_review: boolean;
            /**
             * State
             * @enum {string}
             */
            state: "open" | "resolved";
            /**
             * Timezone
             * @description IANA zone the request's day is a day in and event_occurred_at is read in, as the requester's timesheet and GET /me/attendance place them: the zone they held at the punch named (their own, else the report zone); without one, the zone held when the day began.
             * @example America/New_York
             */
            timezone: string;
        };
        /** CorrectionRequestList */
        CorrectionRequestList: {
            /**
             * Items
             * @description Newest first (at most 200).
             */
            items: components["schemas"]["CorrectionRequest"][];
        };
        /** CorrectionRequestPage */
        CorrectionRequestPage: {
            /**
             * Items
             * @description Oldest first.
             */
            items: components["schemas"]["CorrectionRequestItem"][];
            /** Next Cursor */
            next_cursor: string | null;
        };
        /** DailyAttendance */
        DailyAttendance: {
            /**
             * Absence Kinds
             * @description The kinds of the day's absences, in that order (vacation, sick, holiday, other); empty: none. CSV: the absence_kinds column, the kinds joined with a space.
             */
            absence_kinds?: ("vacation" | "sick" | "holiday" | "other")[];
            /**
             * Absence Minutes
             * @description Paid absence minutes recorded for the person's day (POST /attendance/absences; the sum of its kinds', as the timesheet's day): not worked time, in neither worked_minutes nor worked_seconds. A person away that day with no event is listed for it (0 worked, no events). CSV: the absence_minutes column.
             * @default 0
             */
            absence_minutes: number;
            /** Department */
            department: string | null;
            /**
             * Email
             * @description The person's email (a second key for a payroll import).
             */
            email?: string | null;
            /**
             * Employee Id
             * Format: uuid
             */
            employee_id: string;
            /**
             * Employee Number
             * @description The person's payroll number (null: none given): the key a payroll import matches rows by, not the name.
             */
            employee_number?: string | null;
            /**
             * Ends Night Shift
             * @description An exit of the day closed a shift begun the day before: its time counts on that day (why a morning can show an event and no time).
             * @default false
             */
            ends_night_shift: boolean;
            /** Events */
            events: number;
            /**
             * Exit Without Entry
             * @description An exit of the day that closes no shift (not a double press): its entry is missing, never taken, rejected or awaiting review. Counts nothing: add the entry.
             * @default false
             */
            exit_without_entry: boolean;
            /**
             * Face Id Withdrawn
             * @description The person's Face ID was withdrawn (DELETE /employees/{id}/biometric-consent: biometric consent withdrawn while employed, consent_withdrawn_at) at some instant of these days while they were active: the kiosk no longer knows them and their time is entered by HR (manual punches), so a day without time may be time nobody typed in, not an absence. Also for a withdrawal ended since by a consent recorded again, for the days it covered.
             * @default false
             */
            face_id_withdrawn: boolean;
            /** First In */
            first_in: string | null;
            /** Full Name */
            full_name: string;
            /** Last Out */
            last_out: string | null;
            /**
             * Late Minutes
             * @description Minutes (floored) from the scheduled start to the first counted entry of the shift's window before the scheduled end (the window: from 4 h before the start to 8 h after the end, parting halfway from the neighbouring scheduled days' shifts, never closing before the end; a night shift's entry after midnight is its night's), less the day's absence_minutes, when more than the schedule's grace; 0: on time or within the grace; null: not scheduled that day, or no such entry. Evidence for HR: worked time is never changed by a schedule.
             */
            late_minutes?: number | null;
            /**
             * Left Early Minutes
             * @description When the last counted event of the shift's window is an exit: minutes (floored) from it to the scheduled end, less what lateness left of the day's absence_minutes (one allowance, lateness first), when more than the grace; 0: not early (overtime too); null: not scheduled that day, no such exit, or the last counted event an entry (the shift still open).
             */
            left_early_minutes?: number | null;
            /**
             * Manual Minutes
             * @description Of worked_minutes, the time of the shifts whose entry or exit HR typed in (entered_by: a manual punch, a missing shift, a replacement), the whole shift's, rounded as worked_minutes is: the minutes no face confirmed. A kiosk punch a review confirmed is a kiosk punch (not counted here).
             * @default 0
             */
            manual_minutes: number;
            /**
             * Night Shift From
             * @description With ends_night_shift: the day the shift's time counts on, YYYY-MM-DD (its entry's day: the day before, or earlier for a shift longer than a day).
             */
            night_shift_from?: string | null;
            /**
             * No Show
             * @description Scheduled that day, no event of any state (counted, awaiting review or rejected) in the shift's window, an active employee at the scheduled start, absence_minutes less than scheduled_minutes or 480 (a day's absence), whichever is less (half a day away and nothing else is still a no-show), and the scheduled start plus the grace has passed (today: by the clock; a past day: always). A person scheduled that day is listed even without events.
             * @default false
             */
            no_show: boolean;
            /**
             * Open Shift
             * @description An entry of the day no exit closed (within FACEPASS_MAX_SHIFT_HOURS): a forgotten check-out, or still at work. Counts nothing.
             * @default false
             */
            open_shift: boolean;
            /**
             * Pending Entry
             * @description An entry is among this person's events of the day awaiting review (else those are exits only).
             * @default false
             */
            pending_entry: boolean;
            /**
             * Pending Reviews
             * @description This person's events awaiting review: not counted above (an exit awaiting review counts on the day of the shift it would close).
             * @default 0
             */
            pending_reviews: number;
            /**
             * Scheduled End
             * @description The scheduled end, HH:MM; before scheduled_start: the next day (a night shift). Null as scheduled_start.
             */
            scheduled_end?: string | null;
            /**
             * Scheduled Minutes
             * @description The real minutes from the scheduled start to the scheduled end (a clock change that night counts); 0: not scheduled that day.
             * @default 0
             */
            scheduled_minutes: number;
            /**
             * Scheduled Start
             * @description The person's scheduled start that day, HH:MM in `timezone` (their work schedule, as it is now); null: no schedule, or that weekday off.
             */
            scheduled_start?: string | null;
            /**
             * Timezone
             * @description IANA zone this person's day is a day in, and its times are said in: the zone they held at its events (their own, else the report zone; a zone applies from the moment it was set): the shifts listed began on the date in it.
             */
            timezone: string;
            /**
             * Timezone Unavailable
             * @description A zone of this person's does not load here (tzdata dropped its name): their days are the report zone's (named in `timezone`). Correct the person's zone.
             * @default false
             */
            timezone_unavailable: boolean;
            /**
             * Worked Minutes
             * @description worked_seconds to the nearest minute: the unit the timesheet adds up.
             */
            worked_minutes: number;
            /** Worked Seconds */
            worked_seconds: number;
        };
        /** DailyReport */
        DailyReport: {
            /** Date */
            date: string;
            /** Items */
            items: components["schemas"]["DailyAttendance"][];
            /**
             * Late
             * @description How many items are late (late_minutes above 0).
             * @default 0
             */
            late: number;
            /**
             * No Shows
             * @description How many items are no_show.
             * @default 0
             */
            no_shows: number;
            /**
             * Pending Reviews
             * @description Events of the day awaiting review (any person or none); the counts above include only confirmed and unflagged events.
             * @default 0
             */
            pending_reviews: number;
            /**
             * Settings Differ
             * @description The day is closed and the running report settings (zone, longest shift, repeat window) are not those it was closed with (GET /payroll/lock: closed_with, differing_settings): its figures may differ from those signed. False for a day after the closed ones. CSV: the settings_differ column, the same on every row.
             * @default false
             */
            settings_differ: boolean;
            /**
             * Timezone
             * @description The report zone (FACEPASS_REPORT_TIMEZONE); each item's days are in its own `timezone`.
             */
            timezone: string;
        };
        /**
         * DecidedWithout
         * @description Why the server sent an event back to review (a `flag`): the punch its direction was decided without (or,
         *     cause `rejected` or `taken_away`, with: it no longer counts for the person).
         */
        DecidedWithout: {
            /**
             * Cause
             * @description Why it came later: `sent_late` an offline capture sent after this punch, `added_by_hand` a manual punch, `reviewed` a confirm or reassign counted it (or corrected its direction). Or why the punch this event was decided with no longer counts for the person: `rejected` by a review, `taken_away` reassigned to someone else, `disputed` the person at the kiosk said it was not them (POST /attendance/{event_id}/dispute).
             * @enum {string}
             */
            cause: "sent_late" | "added_by_hand" | "reviewed" | "rejected" | "taken_away" | "disputed";
            /**
             * Event Id
             * @description The earlier punch of the same person that came to count after this event's direction was decided.
             */
            event_id: number;
            /**
             * Occurred At
             * Format: date-time
             * @description That punch's time.
             */
            occurred_at: string;
        };
        /** DepartmentList */
        DepartmentList: {
            /**
             * Items
             * @description Every department an employee has (active or not), each spelling once, in alphabetical order: the choices of the console's department filter.
             */
            items: string[];
        };
        /** Device */
        Device: {
            /**
             * Automatic
             * @description Whether the kiosk runs automatic mode (a check whenever somebody comes, no press), set by HR. null: not set here; the tablet's own setting (its setup mode) applies.
             */
            automatic?: boolean | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /**
             * Door
             * @description The kiosk's door, set by HR: `entry` (entry only), `exit` (exit only) or `both` (the server decides entry or exit per person). It decides the buttons and what automatic mode records. null: not set here; the tablet's own setting (its setup mode) applies.
             */
            door?: ("entry" | "exit" | "both") | null;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Last Seen At */
            last_seen_at: string | null;
            /** Name */
            name: string;
            /** Paired At */
            paired_at: string | null;
            /**
             * Pairing Expires At
             * @description When the open pairing code expires; null when none.
             */
            pairing_expires_at: string | null;
            /** Revoked At */
            revoked_at: string | null;
            /** Site */
            site: string | null;
            /**
             * Status
             * @enum {string}
             */
            status: "awaiting_pairing" | "paired" | "revoked";
            /** Timezone */
            timezone: string;
        };
        /** DeviceCreate */
        DeviceCreate: {
            /**
             * Name
             * @example Main entrance
             */
            name: string;
            /**
             * Site
             * @example Head office
             */
            site?: string | null;
            /**
             * Timezone
             * @description IANA time zone of the place the kiosk stands in.
             * @example Europe/Berlin
             */
            timezone: string;
        };
        /** DeviceList */
        DeviceList: {
            /** Items */
            items: components["schemas"]["Device"][];
            /**
             * Listed At
             * Format: date-time
             * @description The server's time of this answer: how long ago each `last_seen_at` was, whatever the reader's own clock says.
             */
            listed_at: string;
            /**
             * Quiet After Minutes
             * @description A paired kiosk not heard from (`last_seen_at`) for longer than this is quiet (FACEPASS_DEVICE_QUIET_MINUTES): the threshold of the quiet-devices alarm (QuietDevicesAlarm), so the page and the alarm agree.
             */
            quiet_after_minutes: number;
        };
        /**
         * DevicePatch
         * @description HR sets a kiosk's Door and Automatic mode (PATCH /devices/{id}): a field left out keeps its value, null clears
         *     it (the tablet's own setting, from its setup mode, applies again).
         */
        DevicePatch: {
            /**
             * Automatic
             * @description Whether the kiosk runs automatic mode (a check whenever somebody comes, no press), set by HR. null: not set here; the tablet's own setting (its setup mode) applies.
             */
            automatic?: boolean | null;
            /**
             * Door
             * @description The kiosk's door, set by HR: `entry` (entry only), `exit` (exit only) or `both` (the server decides entry or exit per person). It decides the buttons and what automatic mode records. null: not set here; the tablet's own setting (its setup mode) applies.
             */
            door?: ("entry" | "exit" | "both") | null;
        };
        /**
         * DeviceSelf
         * @description The calling kiosk, and what it shows people about their data. Kiosks ask for it when they start and about
         *     once a minute: each request marks the device seen (`last_seen_at`, at most once a minute), so the console can
         *     tell a kiosk that stopped asking.
         */
        DeviceSelf: {
            /**
             * Automatic
             * @description Whether the kiosk runs automatic mode (a check whenever somebody comes, no press), set by HR. null: not set here; the tablet's own setting (its setup mode) applies.
             */
            automatic?: boolean | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /**
             * Door
             * @description The kiosk's door, set by HR: `entry` (entry only), `exit` (exit only) or `both` (the server decides entry or exit per person). It decides the buttons and what automatic mode records. null: not set here; the tablet's own setting (its setup mode) applies.
             */
            door?: ("entry" | "exit" | "both") | null;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Last Seen At */
            last_seen_at: string | null;
            /** Name */
            name: string;
            notice: components["schemas"]["KioskNotice"];
            /**
             * Offline Max Age Hours
             * @description The oldest check this server records (FACEPASS_OFFLINE_MAX_AGE_HOURS): a kiosk keeps a queued check's photo no longer.
             */
            offline_max_age_hours: number;
            /** Paired At */
            paired_at: string | null;
            /**
             * Pairing Expires At
             * @description When the open pairing code expires; null when none.
             */
            pairing_expires_at: string | null;
            /** Revoked At */
            revoked_at: string | null;
            /** Site */
            site: string | null;
            /**
             * Status
             * @enum {string}
             */
            status: "awaiting_pairing" | "paired" | "revoked";
            /** Timezone */
            timezone: string;
        };
        /** Employee */
        Employee: {
            /** @description The employee's biometric consent as HR recorded it (POST /employees/{id}/biometric-consent); null: none recorded (or withdrawn by an erasure), and with FACEPASS_BIOMETRIC_CONSENT=required no photo can be enrolled. */
            biometric_consent?: components["schemas"]["BiometricConsent"] | null;
            /**
             * Consent Withdrawn At
             * @description When the employee withdrew their biometric consent while staying employed (DELETE /employees/{id}/biometric-consent: their biometric data erased, the person kept active, their time entered by HR as manual punches), as long as no consent has been recorded since; null otherwise. Until consent is recorded again no photo of theirs is enrolled (409 consent_required, whatever FACEPASS_BIOMETRIC_CONSENT says).
             */
            consent_withdrawn_at?: string | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /**
             * Deactivated At
             * @description When the person was deactivated (null while active): a punch taken before it may still be reassigned to them (POST /attendance/{id}/review).
             */
            deactivated_at?: string | null;
            /** Department */
            department: string | null;
            /** Email */
            email: string;
            /**
             * Employee Number
             * @description The employee's number in the payroll system (the key a payroll file is imported by): optional, 1-50 printable characters, as typed (trimmed, case kept); unique when set, in any case (409 employee_number_taken). The timesheet and daily CSVs carry it (column employee_number). null: none given.
             */
            employee_number?: string | null;
            /**
             * Erased At
             * @description When the person's biometric data was erased (DELETE /employees/{id}?erase=true), while they stay deactivated since; null otherwise. An erased person has no face and can enroll none until reactivated.
             */
            erased_at?: string | null;
            /** Full Name */
            full_name: string;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Is Active */
            is_active: boolean;
            /**
             * Schedule Id
             * @description The person's weekly work schedule (GET /schedules): the daily report measures their days against it (late_minutes, left_early_minutes, no_show). null: none.
             */
            schedule_id?: number | null;
            /**
             * Schedule Name
             * @description The name of the person's work schedule (null: none).
             */
            schedule_name?: string | null;
            /**
             * Timezone
             * @description IANA time zone the person works in: their report days, shifts and CSV times are in it. null: the report zone (FACEPASS_REPORT_TIMEZONE). A zone holds from the moment it is set; earlier days keep the zone held then (GET /employees/{id} time_zones).
             */
            timezone?: string | null;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
            /**
             * Withdrawal Unfinished
             * @description The employee's withdrawal of consent (consent_withdrawn_at) stopped half-way (503 erasure_incomplete: some photos not yet deleted): run it again (DELETE /employees/{id}/biometric-consent), or the daily cleanup finishes it. Meanwhile no consent is recorded (409 withdrawal_unfinished). A leaver's erasure (DELETE /employees/{id}?erase=true) that finishes finishes it too.
             * @default false
             */
            withdrawal_unfinished: boolean;
        };
        /** EmployeeAudit */
        EmployeeAudit: {
            /**
             * Employee Id
             * Format: uuid
             */
            employee_id: string;
            /**
             * Items
             * @description Oldest first.
             */
            items: components["schemas"]["EmployeeAuditEntry"][];
        };
        /** EmployeeAuditEntry */
        EmployeeAuditEntry: {
            /**
             * Actor
             * @description Who changed it (the token's user name, else its subject; `FacePass (automatic)`: FacePass itself, e.g. the cleanup replaying the ledger after a database restore).
             */
            actor: string;
            /**
             * After
             * @description The value after (null: none; a time zone's null: the report zone; for `face`, null for a removal, the new face's id for a face enrolled or a held photo confirmed, `refused` for a held photo refused; for `biometrics`, `erased`).
             */
            after: string | null;
            /**
             * Before
             * @description The value before (null: none; at creation, every field given; a time zone's null: the report zone; is_active: `true`/`false`; for `face`, the removed face's id or the held photo decided on, never a vector or a score).
             */
            before: string | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /**
             * Field
             * @description What changed (nothing biometric is kept here); `face`: a face enrolled from an upload ticket (before null, after the new face's id, actor the ticket's requester: who asked for the upload ticket or sent the enroll form; `FacePass (automatic): unknown requester` for a ticket made before tickets named one), an enrolled face removed (DELETE /employees/{id}/faces/{face_id}: before the face id, after null), or a held photo decided on (confirm: before `held <reason_code> <ticket_id>`, after the new face's id; reject: the same before, after `refused`); `reactivation_forced`: a reactivation made with force=true although the person's face matched other active people (`after`: how many; never who, which an erasure of them could not take back); `biometrics`: the person's biometric data erased (before null, after `erased`); `biometric_consent`: the person's biometric consent recorded (before null, after its reference or `recorded`) or withdrawn by the erasure (before that value, after null); `absence`: a paid absence recorded (before null, after `<day> <kind> <minutes>`, e.g. `2026-11-03 vacation 480`) or deleted (before that value, after null), or corrected (PATCH /attendance/absences/{id}: before and after both set, each with the note after the minutes when there is one: `2026-11-03 sick 240 flu`); `schedule`: the person's work schedule set, changed or cleared (before and after the schedule's name at the time; null: none).
             * @enum {string}
             */
            field: "full_name" | "email" | "department" | "is_active" | "timezone" | "face" | "reactivation_forced" | "biometrics" | "biometric_consent" | "employee_number" | "absence" | "schedule";
            /**
             * Self Review
             * @description The actor changed their own employee record (its email is theirs: a held photo of it confirmed, a face enrolled from their own upload ticket, the record created with a photo under their email, a change of it), allowed by FACEPASS_ALLOW_SELF_REVIEW (else 403 own_record), as an attendance audit entry's self_review. Acts the own-record rule does not refuse (a deactivation, an erasure, a consent, a face removed) are not marked.
             * @default false
             */
            self_review: boolean;
        };
        /** EmployeeCreate */
        EmployeeCreate: {
            /** @description The employee's biometric consent, recorded at creation by the caller (as POST /employees/{id}/biometric-consent): send it once the employee received the biometric notice and agreed in writing. Without it (FACEPASS_BIOMETRIC_CONSENT=required) no photo of theirs can be enrolled until it is recorded; with it and no `reference` then, 422 consent_reference_required, nobody created. */
            biometric_consent?: components["schemas"]["BiometricConsentRequest"] | null;
            /** Department */
            department?: string | null;
            /**
             * Email
             * @example anna@example.com
             */
            email: string;
            /**
             * Employee Number
             * @description The employee's number in the payroll system (the key a payroll file is imported by): optional, 1-50 printable characters, as typed (trimmed, case kept); unique when set, in any case (409 employee_number_taken). The timesheet and daily CSVs carry it (column employee_number).
             */
            employee_number?: string | null;
            /**
             * Full Name
             * @example Анна Петрова
             */
            full_name: string;
            /**
             * Timezone
             * @description IANA time zone the person works in: their report days, shifts and CSV times are in it. null: the report zone (FACEPASS_REPORT_TIMEZONE). A zone holds from the moment it is set; earlier days keep the zone held then (GET /employees/{id} time_zones).
             * @example America/New_York
             */
            timezone?: string | null;
        };
        /** EmployeeDetail */
        EmployeeDetail: {
            /** @description The employee's biometric consent as HR recorded it (POST /employees/{id}/biometric-consent); null: none recorded (or withdrawn by an erasure), and with FACEPASS_BIOMETRIC_CONSENT=required no photo can be enrolled. */
            biometric_consent?: components["schemas"]["BiometricConsent"] | null;
            /**
             * Consent Withdrawn At
             * @description When the employee withdrew their biometric consent while staying employed (DELETE /employees/{id}/biometric-consent: their biometric data erased, the person kept active, their time entered by HR as manual punches), as long as no consent has been recorded since; null otherwise. Until consent is recorded again no photo of theirs is enrolled (409 consent_required, whatever FACEPASS_BIOMETRIC_CONSENT says).
             */
            consent_withdrawn_at?: string | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /**
             * Deactivated At
             * @description When the person was deactivated (null while active): a punch taken before it may still be reassigned to them (POST /attendance/{id}/review).
             */
            deactivated_at?: string | null;
            /** Department */
            department: string | null;
            /** Email */
            email: string;
            /**
             * Employee Number
             * @description The employee's number in the payroll system (the key a payroll file is imported by): optional, 1-50 printable characters, as typed (trimmed, case kept); unique when set, in any case (409 employee_number_taken). The timesheet and daily CSVs carry it (column employee_number). null: none given.
             */
            employee_number?: string | null;
            /**
             * Erased At
             * @description When the person's biometric data was erased (DELETE /employees/{id}?erase=true), while they stay deactivated since; null otherwise. An erased person has no face and can enroll none until reactivated.
             */
            erased_at?: string | null;
            /** Full Name */
            full_name: string;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Is Active */
            is_active: boolean;
            /**
             * Schedule Id
             * @description The person's weekly work schedule (GET /schedules): the daily report measures their days against it (late_minutes, left_early_minutes, no_show). null: none.
             */
            schedule_id?: number | null;
            /**
             * Schedule Name
             * @description The name of the person's work schedule (null: none).
             */
            schedule_name?: string | null;
            /**
             * Time Zones
             * @description The zones the person has had, oldest first: an instant's day is its date in the zone in force at it (the console types a missing punch's time in the zone held at that time).
             */
            time_zones: components["schemas"]["EmployeeTimeZone"][];
            /**
             * Timezone
             * @description IANA time zone the person works in: their report days, shifts and CSV times are in it. null: the report zone (FACEPASS_REPORT_TIMEZONE). A zone holds from the moment it is set; earlier days keep the zone held then (GET /employees/{id} time_zones).
             */
            timezone?: string | null;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
            /**
             * Withdrawal Unfinished
             * @description The employee's withdrawal of consent (consent_withdrawn_at) stopped half-way (503 erasure_incomplete: some photos not yet deleted): run it again (DELETE /employees/{id}/biometric-consent), or the daily cleanup finishes it. Meanwhile no consent is recorded (409 withdrawal_unfinished). A leaver's erasure (DELETE /employees/{id}?erase=true) that finishes finishes it too.
             * @default false
             */
            withdrawal_unfinished: boolean;
        };
        /** EmployeeListItem */
        EmployeeListItem: {
            /** @description The employee's biometric consent as HR recorded it (POST /employees/{id}/biometric-consent); null: none recorded (or withdrawn by an erasure), and with FACEPASS_BIOMETRIC_CONSENT=required no photo can be enrolled. */
            biometric_consent?: components["schemas"]["BiometricConsent"] | null;
            /**
             * Consent Withdrawn At
             * @description When the employee withdrew their biometric consent while staying employed (DELETE /employees/{id}/biometric-consent: their biometric data erased, the person kept active, their time entered by HR as manual punches), as long as no consent has been recorded since; null otherwise. Until consent is recorded again no photo of theirs is enrolled (409 consent_required, whatever FACEPASS_BIOMETRIC_CONSENT says).
             */
            consent_withdrawn_at?: string | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /**
             * Deactivated At
             * @description When the person was deactivated (null while active): a punch taken before it may still be reassigned to them (POST /attendance/{id}/review).
             */
            deactivated_at?: string | null;
            /** Department */
            department: string | null;
            /** Email */
            email: string;
            /**
             * Employee Number
             * @description The employee's number in the payroll system (the key a payroll file is imported by): optional, 1-50 printable characters, as typed (trimmed, case kept); unique when set, in any case (409 employee_number_taken). The timesheet and daily CSVs carry it (column employee_number). null: none given.
             */
            employee_number?: string | null;
            enrollment: components["schemas"]["EnrollmentCompleteness"];
            /**
             * Erased At
             * @description When the person's biometric data was erased (DELETE /employees/{id}?erase=true), while they stay deactivated since; null otherwise. An erased person has no face and can enroll none until reactivated.
             */
            erased_at?: string | null;
            /** Full Name */
            full_name: string;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Is Active */
            is_active: boolean;
            /**
             * Schedule Id
             * @description The person's weekly work schedule (GET /schedules): the daily report measures their days against it (late_minutes, left_early_minutes, no_show). null: none.
             */
            schedule_id?: number | null;
            /**
             * Schedule Name
             * @description The name of the person's work schedule (null: none).
             */
            schedule_name?: string | null;
            /**
             * Timezone
             * @description IANA time zone the person works in: their report days, shifts and CSV times are in it. null: the report zone (FACEPASS_REPORT_TIMEZONE). A zone holds from the moment it is set; earlier days keep the zone held then (GET /employees/{id} time_zones).
             */
            timezone?: string | null;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
            /**
             * Withdrawal Unfinished
             * @description The employee's withdrawal of consent (consent_withdrawn_at) stopped half-way (503 erasure_incomplete: some photos not yet deleted): run it again (DELETE /employees/{id}/biometric-consent), or the daily cleanup finishes it. Meanwhile no consent is recorded (409 withdrawal_unfinished). A leaver's erasure (DELETE /employees/{id}?erase=true) that finishes finishes it too.
             * @default false
             */
            withdrawal_unfinished: boolean;
        };
        /** EmployeePage */
        EmployeePage: {
            /** Items */
            items: components["schemas"]["EmployeeListItem"][];
            /**
             * Next Cursor
             * @description Pass as `cursor`, with the same filters, to get the next page; null on the last page.
             */
            next_cursor: string | null;
        };
        /** EmployeePatch */
        EmployeePatch: {
            /**
             * Department
             * @description null clears it (no department).
             */
            department?: string | null;
            /** Email */
            email?: string;
            /**
             * Employee Number
             * @description The employee's number in the payroll system (the key a payroll file is imported by): optional, 1-50 printable characters, as typed (trimmed, case kept); unique when set, in any case (409 employee_number_taken). The timesheet and daily CSVs carry it (column employee_number). null clears it.
             */
            employee_number?: string | null;
            /**
             * Expected Updated At
             * @description The employee's `updated_at` the client read (the console sends it): when the record has been changed since, the answer is 409 employee_stale with the record's current `updated_at` and who changed it (`changed_by`, `changed_at`), and nothing is written. Without it, the last save wins.
             */
            expected_updated_at?: string | null;
            /** Full Name */
            full_name?: string;
            /** Is Active */
            is_active?: boolean;
            /**
             * Schedule Id
             * @description The person's weekly work schedule (GET /schedules): the daily report measures their days against it (late_minutes, left_early_minutes, no_show). null: no schedule. An unknown id is 422 schedule_not_found. Audited (field `schedule`, before and after the schedule's name).
             */
            schedule_id?: number | null;
            /**
             * Timezone
             * @description IANA time zone the person works in: their report days, shifts and CSV times are in it. null: the report zone (FACEPASS_REPORT_TIMEZONE). A zone holds from the moment it is set; earlier days keep the zone held then (GET /employees/{id} time_zones). Sending null sets it back to the report zone.
             */
            timezone?: string | null;
        };
        /** EmployeeReplace */
        EmployeeReplace: {
            /** Department */
            department?: string | null;
            /**
             * Email
             * @example anna@example.com
             */
            email: string;
            /**
             * Employee Number
             * @description The employee's number in the payroll system (the key a payroll file is imported by): optional, 1-50 printable characters, as typed (trimmed, case kept); unique when set, in any case (409 employee_number_taken). The timesheet and daily CSVs carry it (column employee_number).
             */
            employee_number?: string | null;
            /**
             * Expected Updated At
             * @description The employee's `updated_at` the client read (the console sends it): when the record has been changed since, the answer is 409 employee_stale with the record's current `updated_at` and who changed it (`changed_by`, `changed_at`), and nothing is written. Without it, the last save wins.
             */
            expected_updated_at?: string | null;
            /**
             * Full Name
             * @example Анна Петрова
             */
            full_name: string;
            /**
             * Is Active
             * @default true
             */
            is_active: boolean;
            /**
             * Timezone
             * @description IANA time zone the person works in: their report days, shifts and CSV times are in it. null: the report zone (FACEPASS_REPORT_TIMEZONE). A zone holds from the moment it is set; earlier days keep the zone held then (GET /employees/{id} time_zones).
             * @example America/New_York
             */
            timezone?: string | null;
        };
        /**
         * EmployeeSummary
         * @description An employee as a caller without the admin scope (reviewer, payroll) reads them: enough to name a punch's
         *     person, place their days and decide a reassignment; no email, consent, enrollment or erasure time.
         */
        EmployeeSummary: {
            /**
             * Deactivated At
             * @description When the person was deactivated (null while active): a punch taken before it may still be reassigned to them.
             */
            deactivated_at?: string | null;
            /** Department */
            department: string | null;
            /**
             * Employee Number
             * @description The payroll number (the key payroll files are matched by; null: none).
             */
            employee_number?: string | null;
            /**
             * Erased
             * @description The person's biometric data was erased as they left (the admin view's erased_at is set): no kiosk punch is reassigned to them.
             * @default false
             */
            erased: boolean;
            /**
             * Face Id Withdrawn
             * @description The employee withdrew their biometric consent and stays employed (the admin view's consent_withdrawn_at is set): no kiosk punch is reassigned to them; their time is typed in by HR.
             * @default false
             */
            face_id_withdrawn: boolean;
            /** Full Name */
            full_name: string;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Is Active */
            is_active: boolean;
            /**
             * Timezone
             * @description IANA time zone the person works in: their report days, shifts and CSV times are in it. null: the report zone (FACEPASS_REPORT_TIMEZONE). A zone holds from the moment it is set; earlier days keep the zone held then (GET /employees/{id} time_zones).
             */
            timezone?: string | null;
        };
        /** EmployeeSummaryDetail */
        EmployeeSummaryDetail: {
            /**
             * Deactivated At
             * @description When the person was deactivated (null while active): a punch taken before it may still be reassigned to them.
             */
            deactivated_at?: string | null;
            /** Department */
            department: string | null;
            /**
             * Employee Number
             * @description The payroll number (the key payroll files are matched by; null: none).
             */
            employee_number?: string | null;
            /**
             * Erased
             * @description The person's biometric data was erased as they left (the admin view's erased_at is set): no kiosk punch is reassigned to them.
             * @default false
             */
            erased: boolean;
            /**
             * Face Id Withdrawn
             * @description The employee withdrew their biometric consent and stays employed (the admin view's consent_withdrawn_at is set): no kiosk punch is reassigned to them; their time is typed in by HR.
             * @default false
             */
            face_id_withdrawn: boolean;
            /** Full Name */
            full_name: string;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Is Active */
            is_active: boolean;
            /**
             * Time Zones
             * @description As EmployeeDetail's: the zones the person has had, oldest first (a manual punch is typed in the zone held then).
             */
            time_zones: components["schemas"]["EmployeeTimeZone"][];
            /**
             * Timezone
             * @description IANA time zone the person works in: their report days, shifts and CSV times are in it. null: the report zone (FACEPASS_REPORT_TIMEZONE). A zone holds from the moment it is set; earlier days keep the zone held then (GET /employees/{id} time_zones).
             */
            timezone?: string | null;
        };
        /** EmployeeSummaryPage */
        EmployeeSummaryPage: {
            /** Items */
            items: components["schemas"]["EmployeeSummary"][];
            /**
             * Next Cursor
             * @description Pass as `cursor`, with the same filters, to get the next page; null on the last page.
             */
            next_cursor: string | null;
        };
        /** EmployeeTimeZone */
        EmployeeTimeZone: {
            /**
             * Valid From
             * @description From this instant on (null: from the start, every day before the record too) until the next entry's.
             */
            valid_from: string | null;
            /**
             * Zone
             * @description IANA zone of the person's days from then (null: the report zone).
             */
            zone: string | null;
        };
        /** EnrollWithPhotoResult */
        EnrollWithPhotoResult: {
            employee: components["schemas"]["Employee"];
            enrollment: components["schemas"]["EnrollmentStatus"];
        };
        /** EnrollmentCompleteness */
        EnrollmentCompleteness: {
            /** Complete */
            complete: boolean;
            /**
             * Consent Needed
             * @description A photo of this person is refused (409 consent_required) until their biometric consent is recorded: FACEPASS_BIOMETRIC_CONSENT is `required` and none is. Given with the person's faces (GET /employees/{id}/faces); false in lists.
             * @default false
             */
            consent_needed: boolean;
            /**
             * Photos
             * @description Enrolled photos (accepted faces).
             */
            photos: number;
            /**
             * Recommended Min
             * @description Photos HR is asked for: more photos, a better template.
             */
            recommended_min: number;
        };
        /** EnrollmentList */
        EnrollmentList: {
            /**
             * Employee Id
             * Format: uuid
             */
            employee_id: string;
            /**
             * Items
             * @description The person's tickets in the state asked for, newest first; each as GET /employees/{employee_id}/enrollments/{ticket_id} answers it (never a vector).
             */
            items: components["schemas"]["EnrollmentStatus"][];
            /**
             * Truncated
             * @description More than the items shown wait (the list is bounded; a person has few).
             */
            truncated: boolean;
        };
        /** EnrollmentStatus */
        EnrollmentStatus: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /**
             * Duplicate Of Employee Id
             * @description Suspected duplicate (status needs_confirmation, reason_code suspected_duplicate): the other person; their name is in reason_detail.full_name. Null once a re-check after a face removal found it looks like nobody enrolled now.
             */
            duplicate_of_employee_id?: string | null;
            /** Duplicate Similarity */
            duplicate_similarity?: number | null;
            /**
             * Employee Id
             * Format: uuid
             */
            employee_id: string;
            /**
             * Liveness Flagged
             * @description liveness_score is under FACEPASS_LIVENESS_THRESHOLD: stored and marked (policy flag) or refused with reason_code presentation_attack (policy block).
             */
            liveness_flagged?: boolean | null;
            /**
             * Liveness Score
             * @description Passive liveness of the photo's face (fused MiniFASNet p_live, 0-1); null when not scored (policy off, no face, not processed yet).
             */
            liveness_score?: number | null;
            /**
             * Photo Url
             * @description Held (needs_confirmation): a short-lived (5 minutes) presigned GET of the held photo's face crop (a small JPEG, no metadata), for HR to look at before deciding; kept only while the photo is held. Null when the ticket is not held, or no crop was kept (held before crops were kept, or held without an upload).
             */
            photo_url?: string | null;
            /** Processed At */
            processed_at?: string | null;
            /**
             * Reason Code
             * @description Why rejected or held (README, Enrollment). Held (needs_confirmation): suspected_duplicate (another person's face; reason_detail.duplicate_of_inactive true when that person is deactivated: a rehire should reactivate their record) or not_same_person (unlike this person's own enrolled photos; reason_detail.similarity, threshold, faces). Rejected same_photo_again: a copy of one of the person's enrolled photos (reason_detail.similarity >= threshold), not counted.
             */
            reason_code?: string | null;
            /**
             * Reason Detail
             * @description What the decision saw. A held photo has same_person (unlike, passes, no_faces: against the person's own faces; a suspected duplicate's score against them in same_person_similarity). A held photo checked again (recheck_cause: face_removed, a face it was held against was removed, with compared_face_removed true; face_added, a face was enrolled for the person; confirm, a confirmation found the verdict changed, with hold_changed true) has rechecked: still_held (the similarity is against the faces now), names_another (a suspected duplicate that now matches someone else: held as theirs, employee_id, full_name and similarity name them), passes (like them now, no longer a duplicate: no similarity) or no_faces (the person has no face left). A suspected duplicate that passes, or is of a person left with no face and matches nobody else, no longer names them (no employee_id, full_name).
             */
            reason_detail?: {
                [key: string]: unknown;
            } | null;
            /**
             * Requested By
             * @description Who asked for the ticket (POST /employees/{id}/photos, or the enroll form with a photo): the token's user name, else its subject, as the audit names actors; the face stored from it is audited as theirs (GET /employees/{id}/audit, field `face`). Null for a ticket made before FacePass recorded it (migration 0037).
             */
            requested_by?: string | null;
            /**
             * Self Review
             * @description The ticket was made by the person whose record it is (a face put on one's own record, POST /employees/{id}/photos or the form with a photo under one's own email), allowed by FACEPASS_ALLOW_SELF_REVIEW (else 403 own_record).
             * @default false
             */
            self_review: boolean;
            /**
             * Status
             * @enum {string}
             */
            status: "pending" | "processing" | "completed" | "rejected" | "needs_confirmation";
            /**
             * Ticket Id
             * Format: uuid
             */
            ticket_id: string;
            /** @description Held (needs_confirmation): what its checks say now, both of them; send it back as `seen` when confirming. Null otherwise. */
            verdict?: components["schemas"]["HoldVerdict"] | null;
        };
        /**
         * ErasureResult
         * @description What was removed. Attendance rows stay for payroll, linked to the employee (deactivated by an erasure, still
         *     active after a withdrawal of consent), with their snapshots deleted.
         */
        ErasureResult: {
            /** Attendance Rows Kept */
            attendance_rows_kept: number;
            /**
             * Duplicate Tickets Rejected
             * @description Other employees' photos that waited for confirmation as suspected duplicates of this person: rejected (reason duplicate_erased), their embeddings deleted.
             * @default 0
             */
            duplicate_tickets_rejected: number;
            /** Embeddings Deleted */
            embeddings_deleted: number;
            /**
             * Employee Deactivated
             * @description True for an erasure (the person deactivated); false for a withdrawal of biometric consent (DELETE /employees/{id}/biometric-consent): the person stays active.
             * @default true
             */
            employee_deactivated: boolean;
            /**
             * Employee Id
             * Format: uuid
             */
            employee_id: string;
            /** Enrollment Objects Deleted */
            enrollment_objects_deleted: number;
            /** Enrollment Tickets Deleted */
            enrollment_tickets_deleted: number;
            /**
             * Held Photos Deleted
             * @description Face crops of held photos deleted (held/ objects): the person's own held photos' and those of the suspected duplicates of them rejected here.
             * @default 0
             */
            held_photos_deleted: number;
            /** Snapshots Deleted */
            snapshots_deleted: number;
        };
        /** ErrorBody */
        ErrorBody: {
            /** Code */
            code: string;
            /** Details */
            details?: {
                [key: string]: unknown;
            } | null;
            /** Message */
            message: string;
        };
        /** ErrorResponse */
        ErrorResponse: {
            error: components["schemas"]["ErrorBody"];
        };
        /**
         * EventPerson
         * @description The person an event is counted to, as HR's listings name them (a kiosk is told PersonRef only).
         */
        EventPerson: {
            /** Email */
            email?: string | null;
            /**
             * Employee Number
             * @description The employee's number in the payroll system (the key a payroll file is imported by): optional, 1-50 printable characters, as typed (trimmed, case kept); unique when set, in any case (409 employee_number_taken). The timesheet and daily CSVs carry it (column employee_number).
             */
            employee_number?: string | null;
            /** Full Name */
            full_name: string;
            /**
             * Id
             * Format: uuid
             */
            id: string;
        };
        /**
         * EvidenceChangeSide
         * @description A change's side with what the face decided (admin and reviewers only).
         */
        EvidenceChangeSide: {
            /** Direction Source */
            direction_source?: ("kiosk" | "auto" | "hr") | null;
            /** @description Whose punch it was (null: nobody's, e.g. an unknown face; or, for payroll, a punch that did not count for anyone then, whose person would be the face's match; for a scoped reviewer, someone outside their departments). */
            employee?: components["schemas"]["EventPerson"] | null;
            /**
             * Event Type
             * @description The direction: entry or exit.
             */
            event_type?: ("entry" | "exit") | null;
            /** Liveness Score */
            liveness_score?: number | null;
            /** Occurred At */
            occurred_at?: string | null;
            /** Review Reasons */
            review_reasons?: string[];
            /** Review State */
            review_state?: ("none" | "pending" | "confirmed" | "reassigned" | "rejected") | null;
            /** Similarity */
            similarity?: number | null;
            /** Status */
            status?: ("recognized" | "unknown" | "ambiguous" | "rejected") | null;
        };
        /**
         * FaceFreeAnswer
         * @description The answer to a typed punch, the same whatever the number: never a name, nor whether the number exists.
         */
        FaceFreeAnswer: {
            /**
             * Message
             * @description "Sent to HR to check."
             */
            message: string;
            /**
             * Status
             * @constant
             */
            status: "sent_for_review";
        };
        /**
         * FaceFreeRequest
         * @description "No Face ID?" at the kiosk: the payroll number typed and the way; no photo (none is accepted).
         */
        FaceFreeRequest: {
            /**
             * Captured At
             * @description When a queued (offline) press was made, as for check-in: RFC 3339 with a time zone, up to FACEPASS_OFFLINE_MAX_AGE_HOURS old, at most 2 minutes ahead.
             */
            captured_at?: string | null;
            /**
             * Employee Number
             * @description The payroll number the person typed (employee_number, any case).
             */
            employee_number: string;
            /**
             * Event Type
             * @description The way the person chose (or the door's way).
             * @enum {string}
             */
            event_type: "entry" | "exit";
        };
        /** FaceIdentification */
        FaceIdentification: {
            box: components["schemas"]["Box"];
            /** Candidates */
            candidates: components["schemas"]["CandidateOut"][];
            /**
             * Decision
             * @description retry: the photo is too poor to match (see retry_reason); nothing was searched.
             * @enum {string}
             */
            decision: "matched" | "ambiguous" | "unknown" | "retry";
            /** Detection Score */
            detection_score: number;
            /** @description Set only when matched. */
            employee: components["schemas"]["PersonRef"] | null;
            /**
             * Expected Fpir
             * @description Expected share of strangers matched to somebody at this threshold and gallery size (from the pack's impostor calibration).
             */
            expected_fpir: number;
            /**
             * Gallery Size
             * @description People enrolled for this model when the search ran.
             */
            gallery_size: number;
            /**
             * Margin
             * @description Lead of the best person over the next one.
             */
            margin: number | null;
            /**
             * Retry Reason
             * @description Set only when decision is retry.
             */
            retry_reason?: ("face_too_small" | "low_detection_score" | "bad_pose" | "too_dark" | "overexposed" | "blurry") | null;
            /**
             * Similarity
             * @description Best cosine similarity among enrolled people.
             */
            similarity: number | null;
            /**
             * Threshold
             * @description The similarity threshold applied to this search: it follows the false-accept target and the number of people enrolled.
             */
            threshold: number;
        };
        /** FaceList */
        FaceList: {
            /**
             * Employee Id
             * Format: uuid
             */
            employee_id: string;
            enrollment: components["schemas"]["EnrollmentCompleteness"];
            /**
             * Identifiable
             * @description Active with at least one enrolled face: identify and check-in can match them. False once the last face is removed (enroll a photo again).
             */
            identifiable: boolean;
            /** Items */
            items: components["schemas"]["FaceRecord"][];
        };
        /**
         * FaceRecord
         * @description What an admin may see of an enrolled face: never the vector.
         */
        FaceRecord: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Id */
            id: number;
            /**
             * Liveness Flagged
             * @description liveness_score was under FACEPASS_LIVENESS_THRESHOLD: possibly a photo of a photo (a print, a scan of an ID photo, a screen). Stored anyway under the flag policy; worth re-taking live.
             * @default false
             */
            liveness_flagged: boolean;
            /**
             * Liveness Model
             * @description The liveness models that gave liveness_score.
             */
            liveness_model?: string | null;
            /**
             * Liveness Score
             * @description Fused MiniFASNet p_live (0-1) of the enrollment photo's face; null: not scored (FACEPASS_ENROLLMENT_LIVENESS_POLICY off, or enrolled before it existed).
             */
            liveness_score?: number | null;
            /** Model Id */
            model_id: string;
            /** Quality */
            quality: {
                [key: string]: unknown;
            };
        };
        /** FaceRemoval */
        FaceRemoval: {
            /**
             * Employee Id
             * Format: uuid
             */
            employee_id: string;
            enrollment: components["schemas"]["EnrollmentCompleteness"];
            /**
             * Identifiable
             * @description Active with at least one enrolled face: identify and check-in can match them. False once the last face is removed (enroll a photo again).
             */
            identifiable: boolean;
            /** Items */
            items: components["schemas"]["FaceRecord"][];
            /**
             * Punches To Check
             * @description The person's punches recognized by face (matched to them, still theirs, not rejected) that arrived since the removed face was enrolled: any may have matched through it, somebody else's check-in credited to this person (which face matched is not kept). HR checks them: GET /attendance?employee_id=… from punches_to_check_since.
             */
            punches_to_check: number;
            /**
             * Punches To Check Since
             * Format: date-time
             * @description From when to look: the removed face's enrollment, or the earliest of those punches when earlier (an offline capture sent late).
             */
            punches_to_check_since: string;
            /**
             * Removed Face Enrolled At
             * Format: date-time
             */
            removed_face_enrolled_at: string;
            /** Removed Face Id */
            removed_face_id: number;
        };
        /** GatewayError */
        GatewayError: {
            message: string;
        };
        /** Health */
        Health: {
            /**
             * Code Schema Version
             * @description The newest migration this code ships.
             */
            code_schema_version: string;
            /**
             * Database
             * @constant
             */
            database: "ok";
            /**
             * Model Pack
             * @description The configured pack (FACEPASS_MODEL_PACK, template parameter ModelPack).
             */
            model_pack: string;
            /**
             * Models
             * @description Whether the pack's files are in FACEPASS_MODEL_DIR.
             * @enum {string}
             */
            models: "ok" | "missing";
            /**
             * Pending Migrations
             * @description Migrations this code ships that the database has not run.
             */
            pending_migrations: string[];
            /**
             * Schema Version
             * @description The newest migration the database has run.
             */
            schema_version: string | null;
            /**
             * Status
             * @description ok, or what is wrong (answered with 503): schema_behind - the database lacks migrations this code needs (the deploy's SchemaMigration did not run, or `facepass db migrate` was forgotten); models_missing - the configured model pack's files are not in the model folder.
             * @enum {string}
             */
            status: "ok" | "schema_behind" | "models_missing";
        };
        /** HeldPhotoOfPerson */
        HeldPhotoOfPerson: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /**
             * Photo Kept
             * @description A face crop of the photo is kept while it waits (held/ in the bucket).
             */
            photo_kept: boolean;
            /**
             * Reason Code
             * @description Why it waits for HR (suspected_duplicate, not_same_person, ...).
             */
            reason_code: string | null;
            /**
             * Ticket Id
             * Format: uuid
             */
            ticket_id: string;
        };
        /**
         * HoldVerdict
         * @description What a held photo's checks say, as HR is shown it (README, Enrollment: held photos).
         */
        HoldVerdict: {
            /**
             * Duplicate Of Employee Id
             * @description The other person it looks like (the duplicate check), or null: nobody.
             */
            duplicate_of_employee_id?: string | null;
            /**
             * Same Person
             * @description Against the person's own enrolled faces: unlike them, passes (like them), no_faces (none to compare with); null: not checked (a duplicate held before both checks were kept).
             */
            same_person?: ("unlike" | "passes" | "no_faces") | null;
        };
        /** IdentifyResult */
        IdentifyResult: {
            box: components["schemas"]["Box"];
            /** Candidates */
            candidates: components["schemas"]["CandidateOut"][];
            /**
             * Decision
             * @description retry: the photo is too poor to match (see retry_reason); nothing was searched.
             * @enum {string}
             */
            decision: "matched" | "ambiguous" | "unknown" | "retry";
            /** Detection Score */
            detection_score: number;
            /** @description Set only when matched. */
            employee: components["schemas"]["PersonRef"] | null;
            /**
             * Expected Fpir
             * @description Expected share of strangers matched to somebody at this threshold and gallery size (from the pack's impostor calibration).
             */
            expected_fpir: number;
            /**
             * Faces
             * @description Every face, with all_faces=true.
             */
            faces?: components["schemas"]["FaceIdentification"][] | null;
            /** Faces Detected */
            faces_detected: number;
            /**
             * Gallery Size
             * @description People enrolled for this model when the search ran.
             */
            gallery_size: number;
            /**
             * Liveness Flagged
             * @description With liveness=true: p_live is under FACEPASS_LIVENESS_THRESHOLD (a check-in would go to review, or be refused under the block policy).
             */
            liveness_flagged?: boolean | null;
            /**
             * Liveness Score
             * @description With liveness=true: fused MiniFASNet p_live (0-1) of the largest face; a risk signal.
             */
            liveness_score?: number | null;
            /**
             * Margin
             * @description Lead of the best person over the next one.
             */
            margin: number | null;
            /** Model Id */
            model_id: string;
            /**
             * Retry Reason
             * @description Set only when decision is retry.
             */
            retry_reason?: ("face_too_small" | "low_detection_score" | "bad_pose" | "too_dark" | "overexposed" | "blurry") | null;
            /**
             * Similarity
             * @description Best cosine similarity among enrolled people.
             */
            similarity: number | null;
            /**
             * Threshold
             * @description The similarity threshold applied to this search: it follows the false-accept target and the number of people enrolled.
             */
            threshold: number;
            /** Timings Ms */
            timings_ms: {
                [key: string]: number;
            };
        };
        /**
         * KioskDecision
         * @description What a kiosk (a device token) is told of a face decision: no candidates, scores, threshold or gallery size,
         *     which would make a stolen token a face-search oracle.
         */
        KioskDecision: {
            /** @description Where the face is in the photo. */
            box?: components["schemas"]["Box"] | null;
            /**
             * Decision
             * @description retry: the photo is too poor to match (see retry_reason); nothing was searched. present: /identify's answer to a kiosk for a face good enough to check in (who it is is never said there; nothing was searched).
             * @enum {string}
             */
            decision: "matched" | "ambiguous" | "unknown" | "retry" | "present";
            /** @description Set only when matched, in a check's answer: whom to greet (never in /identify's). */
            employee?: components["schemas"]["PersonRef"] | null;
            /**
             * Retry Reason
             * @description Set only when decision is retry.
             */
            retry_reason?: ("face_too_small" | "low_detection_score" | "bad_pose" | "too_dark" | "overexposed" | "blurry") | null;
        };
        /**
         * KioskEvent
         * @description The recorded event as the kiosk is told it: no similarity, liveness score, matched person or snapshot (the
         *     attendance row keeps them for HR's review).
         */
        KioskEvent: {
            /** Device Id */
            device_id: string | null;
            employee: components["schemas"]["PersonRef"] | null;
            /**
             * Event Type
             * @description null for a face POST /attendance/punch did not match: its stored direction is a candidate's, not the kiosk's to know.
             */
            event_type: ("entry" | "exit") | null;
            /** Id */
            id: number;
            /**
             * Occurred At
             * Format: date-time
             */
            occurred_at: string;
            /**
             * Offline
             * @default false
             */
            offline: boolean;
            /** Received At */
            received_at?: string | null;
            /** Repeat Of */
            repeat_of?: number | null;
            /**
             * Review Reasons
             * @description Only what the kiosk tells the person: multiple_faces (one person at a time), disputed_at_kiosk (its "Not you?"). Whether the punch awaits a human is review_state; HR's view of the event has every reason.
             */
            review_reasons?: string[];
            /**
             * Review State
             * @default none
             * @enum {string}
             */
            review_state: "none" | "pending" | "confirmed" | "reassigned" | "rejected";
            /**
             * Status
             * @enum {string}
             */
            status: "recognized" | "unknown" | "ambiguous" | "rejected";
            /**
             * Trace Id
             * Format: uuid
             */
            trace_id: string;
        };
        /**
         * KioskIdentifyResult
         * @description /identify as a device token gets it (admin tokens get IdentifyResult, with the evidence).
         */
        KioskIdentifyResult: {
            /** @description Where the face is in the photo. */
            box?: components["schemas"]["Box"] | null;
            /**
             * Decision
             * @description retry: the photo is too poor to match (see retry_reason); nothing was searched. present: /identify's answer to a kiosk for a face good enough to check in (who it is is never said there; nothing was searched).
             * @enum {string}
             */
            decision: "matched" | "ambiguous" | "unknown" | "retry" | "present";
            /** @description Set only when matched, in a check's answer: whom to greet (never in /identify's). */
            employee?: components["schemas"]["PersonRef"] | null;
            /**
             * Faces
             * @description Every face, with all_faces=true.
             */
            faces?: components["schemas"]["KioskDecision"][] | null;
            /** Faces Detected */
            faces_detected: number;
            /**
             * Retry Reason
             * @description Set only when decision is retry.
             */
            retry_reason?: ("face_too_small" | "low_detection_score" | "bad_pose" | "too_dark" | "overexposed" | "blurry") | null;
            /**
             * Timings Ms
             * @description Server stage durations (operations).
             */
            timings_ms?: {
                [key: string]: number;
            };
        };
        /**
         * KioskNotice
         * @description What the kiosk tells the people in front of it about their photos (the retention the server keeps now).
         */
        KioskNotice: {
            /**
             * Face Template Days After Leaving
             * @description Days an enrolled face (its template) is kept after the person leaves (is deactivated), at most: FACEPASS_DEACTIVATED_GRACE_DAYS + 1 (the first daily cleanup past the grace deletes it: up to a day later); at once on a withdrawal of consent or an erasure.
             * @default 31
             */
            face_template_days_after_leaving: number;
            /**
             * Privacy Contact
             * @description Whom to ask about one's data (FACEPASS_PRIVACY_CONTACT); null: HR.
             */
            privacy_contact?: string | null;
            /**
             * Review Max Days
             * @description Days beyond that a photo is kept while HR reviews its check, at most (FACEPASS_REVIEW_MAX_DAYS).
             */
            review_max_days: number;
            /**
             * Snapshot Max Days
             * @description The most days a check's photo is kept, from its capture: FACEPASS_SNAPSHOT_RETENTION_DAYS + 2 (retention deletes whole UTC days at a cleanup at 02:30 UTC the day after), or the offline window (FACEPASS_OFFLINE_MAX_AGE_HOURS, in days rounded up) + 1 when longer: a queued check's photo waits on the tablet that long.
             */
            snapshot_max_days: number;
        };
        /**
         * KioskVerifyResult
         * @description /verify as a device token gets it: yes or no (or retry), no score.
         */
        KioskVerifyResult: {
            /**
             * Employee Id
             * Format: uuid
             */
            employee_id: string;
            /**
             * Retry Reason
             * @description The probe failed identify's quality gates: nothing was compared, ask for another photo.
             */
            retry_reason?: ("face_too_small" | "low_detection_score" | "bad_pose" | "too_dark" | "overexposed" | "blurry") | null;
            /** Verified */
            verified: boolean;
        };
        /**
         * ManualEventRequest
         * @description A punch the kiosk did not take (a forgotten check-out, a kiosk out of order), entered by HR.
         */
        ManualEventRequest: {
            /**
             * Employee Id
             * Format: uuid
             */
            employee_id: string;
            /**
             * Event Type
             * @enum {string}
             */
            event_type: "entry" | "exit";
            /**
             * Note
             * @description Why: kept in the audit trail.
             */
            note: string;
            /**
             * Occurred At
             * Format: date-time
             * @description RFC 3339 with an offset; not in the future, at most 366 days ago.
             */
            occurred_at: string;
            /**
             * Replaces
             * @description A counted event of the same person and type this punch replaces: it is rejected (audited, with this note) in the same transaction, and the shift check runs without it.
             */
            replaces?: number | null;
        };
        /**
         * ManualShift
         * @description The two punches a missing shift added: each counted like a confirmed punch, entered_by HR, audited.
         */
        ManualShift: {
            entry: components["schemas"]["AttendanceEvent"];
            exit: components["schemas"]["AttendanceEvent"];
        };
        /**
         * ManualShiftRequest
         * @description A whole shift the kiosk did not take (a forgotten morning before the afternoon's punches), entered by HR in
         *     one step: its entry and its exit, checked together and stored together.
         */
        ManualShiftRequest: {
            /**
             * Employee Id
             * Format: uuid
             */
            employee_id: string;
            /**
             * Ended At
             * Format: date-time
             * @description The exit: RFC 3339 with an offset; after `started_at`, at most FACEPASS_MAX_SHIFT_HOURS later, not in the future.
             */
            ended_at: string;
            /**
             * Note
             * @description Why: kept in the audit trail of both punches.
             */
            note: string;
            /**
             * Started At
             * Format: date-time
             * @description The entry: RFC 3339 with an offset; not in the future, at most 366 days ago.
             */
            started_at: string;
        };
        /**
         * Me
         * @description GET /me: the caller, as the console shows it and decides what to show.
         */
        Me: {
            /**
             * Actor
             * @description Who the audit trail names for this caller's changes (the user name).
             */
            actor: string | null;
            /**
             * Allow Self Review
             * @description FACEPASS_ALLOW_SELF_REVIEW: the caller may decide their own punches (audited as a self-review).
             */
            allow_self_review: boolean;
            /**
             * Biometric Consent
             * @description FACEPASS_BIOMETRIC_CONSENT: required (no face enrolled without a recorded consent, and a consent is recorded only with a reference to the signed release: 422 consent_reference_required) or off. The console marks the reference required by it. The company's setting, not the caller's own consent: that is GET /me/biometrics.
             * @default required
             * @enum {string}
             */
            biometric_consent: "required" | "off";
            /**
             * Departments
             * @description The departments the caller reviews (README Roles, Reviewers scoped to departments): set by an admin, they see and decide only the punches, people and correction requests of employees of these departments (the console says "You review: ..."). Null: unscoped (everyone), always for the admin and payroll roles.
             */
            departments?: string[] | null;
            /**
             * Employee Id
             * @description The caller's own employee record (the one whose email is the caller's, case-insensitively), null when none: its punches are for another reviewer to decide (403 own_record; README Roles, Separation of duties).
             */
            employee_id: string | null;
            /**
             * Scopes
             * @description The console roles this token carries: admin (everything), reviewer (review, manual punches, reports), payroll (reports, pay-period close and reopen), employee (their own hours and correction requests only: the /me routes). What each route takes: README Roles.
             */
            scopes: ("facepass/admin" | "facepass/reviewer" | "facepass/payroll" | "facepass/employee")[];
        };
        /**
         * MyBiometrics
         * @description GET /me/biometrics: what FacePass holds about the caller's own face (GDPR Art. 15, BIPA's notice), the
         *     access request's answer (GET /employees/{id}/biometric-data, the same builder) without what is HR's or other
         *     people's: no vectors, no photos or storage keys, no event ids, nobody else's punches or names, no HR user names.
         */
        MyBiometrics: {
            consent: components["schemas"]["MyConsent"];
            /**
             * Employee Id
             * Format: uuid
             */
            employee_id: string;
            /**
             * Enrolled Faces
             * @description Faces enrolled for them (each one template; Face ID matches them by it).
             */
            enrolled_faces: number;
            /**
             * Erased At
             * @description When their biometric data was erased as they left; null otherwise.
             */
            erased_at: string | null;
            /**
             * Faces
             * @description Their enrolled faces, oldest first: when each was enrolled.
             */
            faces: components["schemas"]["MyFace"][];
            /** Full Name */
            full_name: string;
            /**
             * Generated At
             * Format: date-time
             */
            generated_at: string;
            /**
             * Held Photos
             * @description Photos uploaded for them waiting for HR's decision (a face crop kept while they wait).
             */
            held_photos: number;
            /** @description How long FacePass keeps photos and faces (as the kiosk's privacy notice says), and whom to ask (privacy_contact; null: HR). Withdrawing consent: ask them; their data is erased at once. */
            notice: components["schemas"]["KioskNotice"];
            /**
             * Other Photos
             * @description Photos of other punches that may show them (beside someone, a punch their face matched that HR gave to someone else, or an unrecognized one their face came close to): only how many, nothing of the others. HR's access request lists them.
             */
            other_photos: number;
            /**
             * Own Photos
             * @description The kiosk photos (snapshots) of their own punches still kept, counted by the day they are deleted by, soonest first (retention; a punch awaiting review keeps its photo longer).
             */
            own_photos: components["schemas"]["MyPhotosDeletedBy"][];
            /**
             * Uploads Waiting
             * @description Enrollment photos for them not processed yet.
             */
            uploads_waiting: number;
        };
        /**
         * MyConsent
         * @description The caller's own biometric consent, as HR recorded it (never who recorded it).
         */
        MyConsent: {
            /**
             * Recorded At
             * @description When HR recorded the consent (the signed release); null: none recorded (never given, withdrawn, or erased).
             */
            recorded_at: string | null;
            /**
             * Reference
             * @description The reference to the signed release HR gave (a file number); null: none given.
             */
            reference: string | null;
            /**
             * Withdrawal Unfinished
             * @description The withdrawal stopped half-way (some photos not yet deleted): HR runs it again, or the daily cleanup finishes it.
             */
            withdrawal_unfinished: boolean;
            /**
             * Withdrawn At
             * @description When the consent was withdrawn while staying employed (their biometric data erased then), as long as none has been recorded since. With enrolled_faces above 0: a face enrolled after it, no consent recorded for it (no enrollment route takes one: a face put there outside them).
             */
            withdrawn_at: string | null;
        };
        /** MyFace */
        MyFace: {
            /**
             * Enrolled At
             * Format: date-time
             * @description When the face was enrolled (its template; never the vector or photo).
             */
            enrolled_at: string;
        };
        /** MyPhotosDeletedBy */
        MyPhotosDeletedBy: {
            /**
             * Deleted By
             * Format: date
             * @description The UTC day the daily cleanup deletes them by, as things stand.
             */
            deleted_by: string;
            /**
             * Photos
             * @description How many of the caller's own punches' photos go then.
             */
            photos: number;
        };
        /**
         * MyPunch
         * @description One of the caller's own punches, without anything the face decided or was decided on (no scores, candidates,
         *     snapshot, review reasons, device id).
         */
        MyPunch: {
            /**
             * Date
             * @description The caller's day it is on (YYYY-MM-DD in `timezone`), as the timesheet counts it.
             */
            date: string;
            /**
             * Device Name
             * @description The kiosk's name (null: typed in by HR, or the kiosk is gone).
             */
            device_name: string | null;
            /**
             * Event Type
             * @enum {string}
             */
            event_type: "entry" | "exit";
            /**
             * Id
             * @description The punch's id: send it as a correction request's event_id.
             */
            id: number;
            /**
             * Occurred At
             * Format: date-time
             * @description When, with the offset of the caller's zone at that instant.
             */
            occurred_at: string;
            /**
             * Offline
             * @description Captured while the kiosk was offline, sent later.
             * @default false
             */
            offline: boolean;
            /**
             * Source
             * @description kiosk: taken at a kiosk (by face, or typed there); hr: typed in by HR.
             * @enum {string}
             */
            source: "kiosk" | "hr";
            /**
             * State
             * @description counted: payroll counts it; awaiting_review: HR has yet to check it (not counted until then); rejected: HR refused it (not counted); not_counted: a second press of a punch already counted; refused: not counted, the kiosk itself refused the photo (liveness or spoof check).
             * @enum {string}
             */
            state: "counted" | "awaiting_review" | "rejected" | "not_counted" | "refused";
            /**
             * Timezone
             * @description The caller's zone at that instant (their own, else the report zone).
             */
            timezone: string;
        };
        /** MyPunchPage */
        MyPunchPage: {
            /** Items */
            items: components["schemas"]["MyPunch"][];
            /** Next Cursor */
            next_cursor: string | null;
            /**
             * Timezone
             * @description The caller's zone as held when the last day began (date_to's).
             */
            timezone: string;
        };
        /**
         * MyTimesheet
         * @description GET /me/timesheet: the caller's own row of GET /attendance/timesheet for the period, as HR's reads it.
         */
        MyTimesheet: {
            /**
             * Closed Through
             * @description The pay-period lock as the row was read: days on or before it are closed (paid as they are; a correction of them waits for a reopen).
             */
            closed_through?: string | null;
            /** Date From */
            date_from: string;
            /** Date To */
            date_to: string;
            /** @description The caller's row, exactly as the timesheet computes it; null when they are not in the period (not employed then, and no punch in it). */
            row: components["schemas"]["TimesheetRow"] | null;
            /**
             * Timezone
             * @description The report zone; the row's days are each in its own `timezone`.
             */
            timezone: string;
        };
        /** PairRequest */
        PairRequest: {
            /**
             * Pairing Code
             * @description Case, spaces and dashes are ignored.
             * @example K7QM-4XRT
             */
            pairing_code: string;
        };
        /** PairedDevice */
        PairedDevice: {
            device: components["schemas"]["Device"];
            /**
             * Device Token
             * @description Shown once: send it as `Authorization: Bearer <token>` on kiosk routes.
             */
            device_token: string;
        };
        /** PairingCode */
        PairingCode: {
            device: components["schemas"]["Device"];
            /**
             * Pairing Code
             * @description Shown once: 8 characters the kiosk enters to pair (single use).
             */
            pairing_code: string;
            /**
             * Pairing Expires At
             * Format: date-time
             */
            pairing_expires_at: string;
        };
        /** PayPeriodLock */
        PayPeriodLock: {
            /**
             * Changed At
             * @description When it was last moved.
             */
            changed_at: string | null;
            /**
             * Changed By
             * @description Who last moved it.
             */
            changed_by: string | null;
            /**
             * Closed Through
             * @description Days on or before it are closed; null: nothing closed.
             */
            closed_through: string | null;
            /** @description The settings the closed days were computed with (the last close's; a partial reopen keeps them). Null: nothing closed, or closed before they were kept (no check until the next close records them). */
            closed_with?: components["schemas"]["CloseSettings"] | null;
            /**
             * Differing Settings
             * @description Which differ.
             */
            differing_settings?: ("report_timezone" | "max_shift_hours" | "repeat_window_seconds")[];
            /**
             * History
             * @description Every close and reopen, newest first (the last 100).
             */
            history: components["schemas"]["PayPeriodLockChange"][];
            /**
             * Latest Closable
             * Format: date
             * @description The latest day that can be closed now: over in every time zone (UTC-12) and its longest shift (FACEPASS_MAX_SHIFT_HOURS) ended.
             */
            latest_closable: string;
            /** Note */
            note?: string | null;
            /** @description The settings the reports compute with now. */
            running?: components["schemas"]["CloseSettings"] | null;
            /**
             * Settings Differ
             * @description The running settings are not those the closed days were computed with: the timesheet's figures of closed, paid days may have moved, and a close is refused (409 `close_settings_changed`) until they are restored or every day is reopened.
             * @default false
             */
            settings_differ: boolean;
        };
        /** PayPeriodLockChange */
        PayPeriodLockChange: {
            /**
             * Action
             * @enum {string}
             */
            action: "close" | "reopen";
            /** Actor */
            actor: string;
            /**
             * Closed Through
             * @description The date the lock was moved to (null: nothing closed).
             */
            closed_through: string | null;
            /** @description A close: the settings its figures were computed with (null: a reopen, or a close before this was kept). */
            closed_with?: components["schemas"]["CloseSettings"] | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /**
             * Days Without Entry
             * @description A close: the exits with no entry its newly closed days held then.
             */
            days_without_entry?: number | null;
            /**
             * Days Without Exit
             * @description A close: the shifts with no exit its newly closed days held then.
             */
            days_without_exit?: number | null;
            /**
             * Forced
             * @description A close sent with force over undecided days (the counts below).
             * @default false
             */
            forced: boolean;
            /** Id */
            id: number;
            /**
             * Minutes Added
             * @description A close: the minutes its adjustments add (the positive deltas).
             */
            minutes_added?: number | null;
            /**
             * Minutes Adjusted
             * @description A close: the net minutes its adjustments pay on top of the earlier closes (negative: clawed back).
             */
            minutes_adjusted?: number | null;
            /**
             * Minutes Clawed Back
             * @description A close: the minutes its adjustments claw back (the negative deltas, as a positive number).
             */
            minutes_clawed_back?: number | null;
            /**
             * Minutes Signed
             * @description A close: the worked minutes of its newly closed days it signed, everyone's (each kept per person and day: the timesheet's signed_minutes).
             */
            minutes_signed?: number | null;
            /** Note */
            note: string | null;
            /**
             * Pending Reviews
             * @description A close: the punches awaiting review its newly closed days held then (null: a reopen, or a close before this was kept).
             */
            pending_reviews?: number | null;
            /**
             * People Adjusted
             * @description A close: how many people's minutes it signed again differently on days an earlier close had signed (a day reopened, fixed and closed again; 0: none, a first close; null: a reopen, or a close before this was kept). GET /payroll/closes/{history_id}/adjustments lists them.
             */
            people_adjusted?: number | null;
            /**
             * People Signed
             * @description A close: how many people had worked minutes on its newly closed days (null: a reopen, or a close before this was kept).
             */
            people_signed?: number | null;
            /**
             * Previous
             * @description The date it was moved from.
             */
            previous: string | null;
        };
        /**
         * PayPeriodLockRequest
         * @description Close the pay period through a day, or (an earlier day, or null: nothing closed) reopen part of it.
         */
        PayPeriodLockRequest: {
            /**
             * Closed Through
             * @description YYYY-MM-DD: every day on or before it is closed (each event's day in its person's zone, as the timesheet counts it); not after latest_closable (GET /payroll/lock). Earlier than now, or null: a reopen.
             */
            closed_through: string | null;
            /**
             * Expected Closed Through
             * @description The closed-through date the client showed (null: nothing closed). Sent and no longer the current one (another tab or person moved it): 409 `lock_changed`, nothing written. Not sent: no check.
             */
            expected_closed_through?: string | null;
            /**
             * Force
             * @description Close even though the newly closed days still hold punches awaiting review, shifts missing a punch, people whose Face ID was withdrawn with no time typed in or correction requests nobody answered (without it: 409 `period_undecided`). The history keeps that the close was forced and what was undecided then; a forced close needs a note (422 `force_note_required`). Ignored by a reopen.
             * @default false
             */
            force: boolean;
            /**
             * Note
             * @description Why: kept in the history. Required to reopen, and to close anyway (force) over undecided days: 422 `force_note_required`.
             */
            note?: string | null;
            /**
             * Undecided Fingerprint
             * @description With force: the `fingerprint` of the 409 `period_undecided` the client showed. When what is undecided changed since (a punch arrived, one was decided, a correction request was filed or answered), 409 `period_undecided` again with what it is now, nothing written: a close is only forced over what its user saw. Not sent: no check.
             */
            undecided_fingerprint?: string | null;
        };
        /**
         * PayrollAttendanceChange
         * @description One change to an attendance event (a row of its audit trail) without anything the face decided or was
         *     decided on: what GET /attendance/audit gives payroll.
         */
        PayrollAttendanceChange: {
            /**
             * Action
             * @description add: a punch HR entered by hand; confirm, reassign, reject: a review decision; flag: sent back to review (by the server, or by the person at the kiosk: "Not you?").
             * @enum {string}
             */
            action: "add" | "confirm" | "reassign" | "reject" | "flag";
            /**
             * Actor
             * @description Who made it, as the event's audit trail names them (AuditEntry.actor).
             */
            actor: string;
            after: components["schemas"]["ChangeSide"];
            /**
             * Automatic
             * @description The server made it itself (a `flag`), no person.
             * @default false
             */
            automatic: boolean;
            before: components["schemas"]["ChangeSide"];
            /**
             * Created At
             * Format: date-time
             * @description When the change was made.
             */
            created_at: string;
            /** @description Whose punch the change concerns: `after`'s person, else `before`'s (null when neither names anyone this caller may read). */
            employee: components["schemas"]["EventPerson"] | null;
            /**
             * Event Id
             * @description The attendance event changed (GET /attendance/{event_id}/audit: its trail).
             */
            event_id: number;
            /**
             * Id
             * @description The audit row's id (the listing's order and cursor).
             */
            id: number;
            /**
             * In Closed Period
             * @description The punch's day (its day, as the timesheet and the lock count it: in its person's zone, a night shift's exit on its entry's day) is in a closed pay period now (on or before closed_through: a change to it would be refused, 409 period_closed).
             */
            in_closed_period: boolean;
            /**
             * Note
             * @description Why, as the actor wrote it (for payroll HR's words only, without the server's account of what a forced decision undid).
             */
            note: string | null;
            /**
             * Occurred At
             * @description The punch's time as it is now (null: the event is gone).
             */
            occurred_at: string | null;
            /**
             * Self Review
             * @description The actor changed a punch of their own employee record (FACEPASS_ALLOW_SELF_REVIEW).
             * @default false
             */
            self_review: boolean;
        };
        /** PayrollAttendanceChangePage */
        PayrollAttendanceChangePage: {
            /** Items */
            items: components["schemas"]["PayrollAttendanceChange"][];
            /** Next Cursor */
            next_cursor: string | null;
            /**
             * Timezone
             * @description As AttendanceChangePage's.
             */
            timezone: string;
        };
        /**
         * PayrollAttendanceEvent
         * @description An attendance event without anything the face decided or was decided on (no `status`, `similarity`,
         *     `matched_employee`, `snapshot_key`, `liveness_score`, `review_reasons`): what GET /attendance gives a caller
         *     without the admin or reviewer scope (payroll). Whose punch it is, when, which way and what HR decided.
         */
        PayrollAttendanceEvent: {
            /** Device Id */
            device_id: string | null;
            /**
             * Device Name
             * @description The name HR gave the kiosk that recorded it.
             */
            device_name?: string | null;
            /**
             * Direction Source
             * @description Who chose `event_type`: kiosk, auto (the server) or hr.
             * @default kiosk
             * @enum {string}
             */
            direction_source: "kiosk" | "auto" | "hr";
            /** @description Whose punch it is (as counted: a reassignment moves it), with their payroll number; null: nobody's yet (awaiting review). */
            employee: components["schemas"]["EventPerson"] | null;
            /**
             * Entered By
             * @description Set when HR added this event by hand (who did).
             */
            entered_by?: string | null;
            /**
             * Event Type
             * @enum {string}
             */
            event_type: "entry" | "exit";
            /** Id */
            id: number;
            /**
             * Note
             * @description Why, as HR wrote it: the note of this punch's latest human decision in its audit trail (added by hand, confirmed, direction corrected, reassigned, rejected; not a flag, which decides nothing); null: never decided by a person, or decided without a note. Read from the audit note only: no score, no before/after.
             */
            note?: string | null;
            /**
             * Occurred At
             * Format: date-time
             */
            occurred_at: string;
            /**
             * Offline
             * @description Captured while the kiosk was offline (occurred_at = capture).
             * @default false
             */
            offline: boolean;
            /**
             * Received At
             * @description When the server received it.
             */
            received_at?: string | null;
            /**
             * Repeat Of
             * @description A repeat (a double press) of this event: counted only when that event is not.
             */
            repeat_of?: number | null;
            /**
             * Review State
             * @description none: never flagged; pending: awaiting review; confirmed, reassigned, rejected: what a reviewer decided.
             * @default none
             * @enum {string}
             */
            review_state: "none" | "pending" | "confirmed" | "reassigned" | "rejected";
            /** Reviewed At */
            reviewed_at?: string | null;
            /** Reviewed By */
            reviewed_by?: string | null;
            /**
             * Revision
             * @default 0
             */
            revision: number;
            /**
             * Trace Id
             * Format: uuid
             */
            trace_id: string;
        };
        /** PayrollAttendancePage */
        PayrollAttendancePage: {
            /** Items */
            items: components["schemas"]["PayrollAttendanceEvent"][];
            /** Next Cursor */
            next_cursor: string | null;
            /**
             * Timezone
             * @description As AttendancePage's.
             */
            timezone: string;
        };
        /** PersonRef */
        PersonRef: {
            /** Full Name */
            full_name: string;
            /**
             * Id
             * Format: uuid
             */
            id: string;
        };
        /** PhotoOfPerson */
        PhotoOfPerson: {
            /**
             * Deleted By
             * Format: date
             * @description The UTC day the daily cleanup deletes it by, as things stand (retention; awaiting review: FACEPASS_REVIEW_MAX_DAYS longer; a photo already past it, such as an offline capture sent late: the next day's cleanup).
             */
            deleted_by: string;
            /** Event Id */
            event_id: number;
            /**
             * Occurred At
             * Format: date-time
             */
            occurred_at: string;
            /**
             * Relation
             * @description How the photo may show them: `own` their punch; `matched` a punch their face matched that HR moved to someone else; `candidate` a punch nobody was matched to where they scored at least the 1:1 threshold; `bystander` someone else's punch with them beside.
             * @enum {string}
             */
            relation: "own" | "matched" | "candidate" | "bystander";
            /** Review State */
            review_state: string;
        };
        /** PresignedPost */
        PresignedPost: {
            /**
             * Fields
             * @description Send every field, then the file as the last part named `file`.
             */
            fields: {
                [key: string]: string;
            };
            /** Url */
            url: string;
        };
        /**
         * ReportCalendar
         * @description The calendar the attendance routes work in: their dates are days in `timezone`.
         */
        ReportCalendar: {
            /**
             * Timezone
             * @description IANA zone of report days (FACEPASS_REPORT_TIMEZONE).
             */
            timezone: string;
            /**
             * Today
             * @description Today there, YYYY-MM-DD.
             */
            today: string;
        };
        /**
         * ResolveCorrectionRequest
         * @description POST /attendance/corrections/{id}/resolve: HR's answer, which closes the request.
         */
        ResolveCorrectionRequest: {
            /**
             * Note
             * @description The answer the employee reads (what was done).
             */
            note: string;
        };
        /** ReviewCandidate */
        ReviewCandidate: {
            /**
             * Employee Id
             * Format: uuid
             */
            employee_id: string;
            /**
             * Similarity
             * @description The photo's similarity to this person; null once the person the punch is about was erased (the scores of their face go, the ids stay).
             */
            similarity: number | null;
        };
        /** ReviewItem */
        ReviewItem: {
            /**
             * Candidates
             * @description Top people the face search found, best first.
             */
            candidates?: components["schemas"]["ReviewCandidate"][];
            /**
             * Closed Day
             * @description With in_closed_period: the closed day the decision would change (the punch's own day, or the day of the shift it closes: a night's exit the next morning), the day payroll must reopen; else null.
             */
            closed_day?: string | null;
            /**
             * Counted Original
             * @description A repeat (repeat_of) whose first press still counts for the same person and direction (queue listing only): that event's id. On a repeat disputed at the kiosk (disputed_at_kiosk), the person at the kiosk said this press was not them, and that event kept counting: check whether it was theirs. Confirming the repeat counts nothing new (it stays a repeat, in that event's direction: turned with it when HR turns that event; another event_type is 409 repeat_follows_original); rejecting it changes no count.
             */
            counted_original?: number | null;
            /** @description When FacePass itself sent the event back to review (its latest `flag` in the audit trail): the punch its direction was decided without, or with, and why. */
            decided_without?: components["schemas"]["DecidedWithout"] | null;
            /** Device Id */
            device_id: string | null;
            /**
             * Device Name
             * @description The name HR gave the kiosk that recorded it (at pairing, *Devices*); null when no kiosk did or its device is gone.
             */
            device_name?: string | null;
            /**
             * Direction Doubt
             * @description Why the check-in found its direction doubtful (direction_uncertain): `pending_punch` a punch of the person awaiting review decided it, `turns_later` it was captured before punches of theirs already decided (sent late) and changes their direction, `pending_punch_and_turns_later` both; null when not said (not so flagged at check-in, or stored before FacePass kept it).
             */
            direction_doubt?: ("pending_punch" | "turns_later" | "pending_punch_and_turns_later") | null;
            /**
             * Direction Source
             * @description Who chose `event_type`: kiosk (its check-in or check-out), auto (the server, for POST /attendance/punch: exit when the person had a shift open at the capture time, else entry; a double press keeps the direction of the press it repeats; an unmatched punch gets its best candidate's) or hr (a punch HR added).
             * @default kiosk
             * @enum {string}
             */
            direction_source: "kiosk" | "auto" | "hr";
            employee: components["schemas"]["EventPerson"] | null;
            /**
             * Entered By
             * @description Set when HR added this event by hand (who did).
             */
            entered_by?: string | null;
            /**
             * Event Type
             * @enum {string}
             */
            event_type: "entry" | "exit";
            /** Id */
            id: number;
            /**
             * In Closed Period
             * @description The event is on a day of the closed pay period, or would close, reopen or break a shift counted on one (queue listing only; the lock's own test, each person's day in the zone they held then): a confirm, reassign or reject is 409 `period_closed` until payroll reopens that day (POST /payroll/lock with an earlier closed_through and a note). E.g. a late offline capture (reason `period_closed`) or a punch a forced close went over. The queue's order is unchanged (oldest first); the console shows these cards after the ones a reviewer can decide, without the decision buttons.
             * @default false
             */
            in_closed_period: boolean;
            /**
             * Liveness Score
             * @description Fused MiniFASNet p_live (0-1); a risk signal.
             */
            liveness_score?: number | null;
            /**
             * Margin
             * @description The best person's lead over the next one.
             */
            margin?: number | null;
            /** @description Whom the face matched when the event was taken: the subject of `status` and `similarity`. A reassignment moves the punch (`employee`), never this; null when no face matched (unknown, ambiguous) or HR entered the punch. */
            matched_employee?: components["schemas"]["PersonRef"] | null;
            /**
             * Occurred At
             * Format: date-time
             */
            occurred_at: string;
            /**
             * Offline
             * @description Captured while the kiosk was offline (occurred_at = capture).
             * @default false
             */
            offline: boolean;
            /**
             * Received At
             * @description When the server received it.
             */
            received_at?: string | null;
            /**
             * Repeat Of
             * @description A repeat (a double press, two kiosks at once) of this event, within the repeat window: stored, and counted only when that event is not (the reports take a second entry within the window as a double press).
             */
            repeat_of?: number | null;
            /**
             * Replay Similarity
             * @description Best similarity to one enrolled face.
             */
            replay_similarity?: number | null;
            /**
             * Review Reasons
             * @description Why it was flagged: liveness, replay, ambiguous, low_margin, unknown, challenge_failed, challenge_missing, challenge_late, captured_before_pairing, captured_before_enrollment, multiple_faces, direction_uncertain, period_closed (recorded into a closed pay period: decided after a reopen), disputed_at_kiosk (the person at the kiosk said it was not them: "Not you?"), face_free (typed at the kiosk without Face ID: no photo).
             */
            review_reasons?: string[];
            /**
             * Review State
             * @description none: never flagged; pending: awaiting review.
             * @default none
             * @enum {string}
             */
            review_state: "none" | "pending" | "confirmed" | "reassigned" | "rejected";
            /** Reviewed At */
            reviewed_at?: string | null;
            /** Reviewed By */
            reviewed_by?: string | null;
            /**
             * Revision
             * @description How many decisions have changed this event (reviews, a rejection by a replacing manual punch). Send it back as a review's `expected_revision`.
             * @default 0
             */
            revision: number;
            /**
             * Similarity
             * @description The face's similarity to `matched_employee` (null: no face matched, or HR entered the punch).
             */
            similarity: number | null;
            /** Snapshot Key */
            snapshot_key: string | null;
            /**
             * Snapshot Url
             * @description Short-lived link to the snapshot (queue listing only), while it is kept.
             */
            snapshot_url?: string | null;
            /**
             * Status
             * @enum {string}
             */
            status: "recognized" | "unknown" | "ambiguous" | "rejected";
            /** @description The cuts the scores were measured against when the punch went to review; null for a punch stored before FacePass kept them (its scores then stand alone). */
            thresholds?: components["schemas"]["ReviewThresholds"] | null;
            /**
             * Trace Id
             * Format: uuid
             */
            trace_id: string;
        };
        /** ReviewPage */
        ReviewPage: {
            /** Items */
            items: components["schemas"]["ReviewItem"][];
            /** Next Cursor */
            next_cursor: string | null;
            /**
             * Pending Total
             * @description Events awaiting review now, every day (whatever `state` lists).
             */
            pending_total: number;
        };
        /** ReviewRequest */
        ReviewRequest: {
            /**
             * Action
             * @enum {string}
             */
            action: "confirm" | "reassign" | "reject";
            /**
             * Employee Id
             * @description The right person (reassign only).
             */
            employee_id?: string | null;
            /**
             * Event Type
             * @description The direction the reviewer decided (confirm and reassign only): stored, with direction_source `hr`, and weighed by the punch_conflict check; the direction the punch has and would keep without it changes nothing (its direction_source stays). On a double press's first press, its repeats (the same press) get the same decision and direction, each audited; a repeat corrected alone becomes a punch of its own. Without it a confirm keeps the stored direction, and a reassign of a server-decided punch (direction_source `auto`) is decided again for the new person as of its time (the /attendance/punch rule).
             */
            event_type?: ("entry" | "exit") | null;
            /**
             * Expected Revision
             * @description The event's `revision` the reviewer decided from (the console sends it): when the event has been decided on since (whatever its state now, e.g. reassigned again to someone else), the answer is 409 review_stale with who decided what and when, and nothing is written.
             */
            expected_revision?: number | null;
            /**
             * Expected State
             * @description The review state the reviewer decided from (the console sends it): when the event's is another now, someone decided meanwhile, and the answer is 409 review_stale with the event's current state instead of a decision over theirs. Compares the state's name only: prefer `expected_revision`.
             */
            expected_state?: ("none" | "pending" | "confirmed" | "reassigned" | "rejected") | null;
            /**
             * Force
             * @description Confirm, reassign or reject even when it undoes a counted shift of the person (else 409 punch_conflict, which says which).
             * @default false
             */
            force: boolean;
            /**
             * Note
             * @description Why: kept in the audit trail. Required for reassign and reject, for a forced decision, and for an event_type turning a punch that had a direction (422 note_required): these change what payroll counts.
             */
            note?: string | null;
        };
        /**
         * ReviewThresholds
         * @description The cuts the check-in decided by when it sent the punch to review (settings of the time, not a face's data):
         *     what each score on the review card was measured against.
         */
        ReviewThresholds: {
            /**
             * Expected Fpir
             * @description The expected chance, at that threshold and gallery size, that a person never enrolled matches somebody.
             */
            expected_fpir: number;
            /**
             * Gallery Size
             * @description People enrolled when the search ran.
             */
            gallery_size: number;
            /**
             * Liveness Threshold
             * @description p_live under this is a presentation-attack risk (FACEPASS_LIVENESS_THRESHOLD); null when liveness was not run.
             */
            liveness_threshold?: number | null;
            /**
             * Match Margin
             * @description The lead over the next person a match needs (FACEPASS_MATCH_MARGIN): less is ambiguous.
             */
            match_margin: number;
            /**
             * Match Threshold
             * @description The open-set identify threshold the search used: a person scoring at least this matches (FACEPASS_TARGET_FPIR at `gallery_size`, or FACEPASS_IDENTIFY_THRESHOLD when pinned).
             */
            match_threshold: number;
            /**
             * Replay Threshold
             * @description A similarity to one enrolled photo at least this is a copy of enrollment material; only when replay was the reason.
             */
            replay_threshold?: number | null;
            /**
             * Review Margin
             * @description A match leading by less than this goes to review as low_margin (FACEPASS_REVIEW_MARGIN).
             */
            review_margin: number;
        };
        /** ReviewerDepartments */
        ReviewerDepartments: {
            /**
             * Changed At
             * @description When.
             */
            changed_at?: string | null;
            /**
             * Changed By
             * @description Who made the latest change (null: none yet).
             */
            changed_by?: string | null;
            /**
             * Departments
             * @description The departments they review, alphabetical; [] when unscoped.
             */
            departments: string[];
            /**
             * Last Seen At
             * @description Their last sign-in to the console (GET /me, recorded at most once an hour); null: nobody signed in under this name (in the last 400 days): a typo, or a user yet to sign in.
             */
            last_seen_at?: string | null;
            /**
             * Roles
             * @description The console roles their token held at that sign-in (null: never seen). One holding admin or payroll sees everyone, whatever departments they have.
             */
            roles?: ("admin" | "reviewer" | "payroll" | "employee")[] | null;
            /**
             * Username
             * @description The console user name (lower case), as tokens carry it (`username`).
             */
            username: string;
            /** @description PUT only: departments given to a name nobody signed in with (never_signed_in). */
            warning?: components["schemas"]["ScopeWarning"] | null;
        };
        /** ReviewerDepartmentsList */
        ReviewerDepartmentsList: {
            /**
             * Items
             * @description Every user with departments, by user name.
             */
            items: components["schemas"]["ReviewerDepartments"][];
            /**
             * Unscoped Reviewers
             * @description Users seen signing in with the reviewer role, neither admin nor payroll, and no departments: they see and decide everyone's punches and snapshots. By user name.
             */
            unscoped_reviewers?: components["schemas"]["UnscopedReviewer"][];
        };
        /**
         * ReviewerDepartmentsRequest
         * @description PUT /reviewer-departments/{username}: the departments the user reviews from now on.
         */
        ReviewerDepartmentsRequest: {
            /**
             * Departments
             * @description Department names as employees have them (GET /employees/departments; the spelling exactly, trimmed): at most 50, each 1-100 characters; [] removes the scope (the user then reviews everyone).
             */
            departments: string[];
        };
        /** Schedule */
        Schedule: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /**
             * Days
             * @description Monday first.
             */
            days: components["schemas"]["ScheduleDay"][];
            /**
             * Employees
             * @description How many employees (active or not) have this schedule.
             */
            employees: number;
            /** Id */
            id: number;
            /** Late Grace Minutes */
            late_grace_minutes: number;
            /** Name */
            name: string;
            /**
             * Scheduled Minutes Per Week
             * @description The days' scheduled minutes added up (a night shift's until its end the next day), as the wall clock reads them.
             */
            scheduled_minutes_per_week: number;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
            /**
             * Updated By
             * @description Who last created or replaced it (the token's user name).
             */
            updated_by: string | null;
        };
        /**
         * ScheduleDay
         * @description One working day of a weekly schedule, in the person's own zone (their day, as the reports place it).
         */
        ScheduleDay: {
            /**
             * Ends At
             * @description Scheduled end, HH:MM; before starts_at: the shift ends the next day (a night shift 22:00-06:00). Equal to starts_at: 422.
             * @example 09:00
             */
            ends_at: string;
            /**
             * Starts At
             * @description Scheduled start, HH:MM.
             * @example 09:00
             */
            starts_at: string;
            /**
             * Weekday
             * @description monday..sunday (as absences' `weekdays`).
             * @enum {string}
             */
            weekday: "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday";
        };
        /** ScheduleList */
        ScheduleList: {
            /**
             * Items
             * @description By name (no paging: a company has tens).
             */
            items: components["schemas"]["Schedule"][];
        };
        /**
         * ScheduleRequest
         * @description A weekly work schedule as POST /schedules creates it and PUT /schedules/{id} replaces it (name, grace and
         *     days all).
         */
        ScheduleRequest: {
            /**
             * Days
             * @description The working days (0-7), each weekday once (else 422 duplicate_weekday); a weekday left out is a day off.
             */
            days: components["schemas"]["ScheduleDay"][];
            /**
             * Late Grace Minutes
             * @description Minutes after the scheduled start an entry is still on time (and before the scheduled end an exit is not early): 0-120.
             * @default 5
             */
            late_grace_minutes: number;
            /**
             * Name
             * @description 1-100 characters, trimmed; unique in any case (409 schedule_exists).
             * @example Office 9-18
             */
            name: string;
        };
        /** ScopeWarning */
        ScopeWarning: {
            /**
             * Code
             * @description never_signed_in: nobody has signed in to the console under this user name (in the last 400 days): check the spelling. Saved all the same (a user may be set up before their first sign-in).
             * @constant
             */
            code: "never_signed_in";
            /** Message */
            message: string;
        };
        /** SetupCode */
        SetupCode: {
            /**
             * Device Id
             * Format: uuid
             */
            device_id: string;
            /**
             * Expires At
             * Format: date-time
             * @description 10 minutes after it was made.
             */
            expires_at: string;
            /**
             * Setup Code
             * @description Shown once: 8 characters staff type on the kiosk in setup mode (`?setup=1`); single use, spent by 5 wrong tries too. A new code replaces this one.
             */
            setup_code: string;
        };
        /** SetupOpened */
        SetupOpened: {
            /**
             * Setup Seconds
             * @description The same as a length from this answer (900): the kiosk counts it on its own clock, which may be off the server's.
             */
            setup_seconds: number;
            /**
             * Setup Until
             * Format: date-time
             * @description Setup mode is open on this kiosk until then (15 minutes); the kiosk keeps it in memory only, so a reload asks for a code again.
             */
            setup_until: string;
        };
        /** SetupRequest */
        SetupRequest: {
            /**
             * Code
             * @description The setup code from the console. Case, spaces and dashes are ignored.
             * @example K7QM-4XRT
             */
            code: string;
        };
        /** SnapshotLink */
        SnapshotLink: {
            /** Expires In */
            expires_in: number;
            /**
             * Url
             * @description A presigned GET of the snapshot JPEG.
             */
            url: string;
        };
        /** Timesheet */
        Timesheet: {
            /**
             * Closed Through
             * @description The pay-period lock (GET /payroll/lock) as the timesheet was read: days on or before it are closed, their figures no longer change (CSV: the closed_through column). None: nothing closed.
             */
            closed_through?: string | null;
            /** Date From */
            date_from: string;
            /** Date To */
            date_to: string;
            /**
             * Items
             * @description The period's employees, by name; a page of `limit`: everyone who was active at some instant of the period (report zone; deactivated since included), with 0 where they have no time, and anyone, active or deactivated, with an event (or one awaiting review) in it.
             */
            items: components["schemas"]["TimesheetRow"][];
            /**
             * Next Cursor
             * @description The next page of employees (CSV: X-Next-Cursor).
             */
            next_cursor?: string | null;
            /**
             * Pending Event Ids
             * @description The ids of the events counted in pending_reviews (at most 500, oldest first): GET /attendance/review?ids= lists exactly them, a night shift's exit of the morning after the period and another zone's days included.
             */
            pending_event_ids?: number[];
            /**
             * Pending Reviews
             * @description The period's events awaiting review (any person or none; the person's, with employee_id), whatever the page.
             */
            pending_reviews: number;
            /**
             * Settings Differ
             * @description As read with the figures: days shown are closed (date_from on or before closed_through) and the running report settings (zone, longest shift, repeat window) are not those they were closed with (GET /payroll/lock: closed_with, differing_settings): their figures may differ from those signed. False when every day shown is after the closed ones. CSV: the settings_differ column (the last), the same on every row.
             * @default false
             */
            settings_differ: boolean;
            /**
             * Timezone
             * @description The report zone (FACEPASS_REPORT_TIMEZONE); each row's days are in its own `timezone`.
             */
            timezone: string;
            /**
             * Week Start
             * @description The first day of an overtime week (FACEPASS_WEEK_START).
             * @default monday
             */
            week_start: string;
            /**
             * Weekly Overtime Minutes
             * @description The overtime threshold used (FACEPASS_WEEKLY_OVERTIME_MINUTES; 0: no overtime counted).
             * @default 0
             */
            weekly_overtime_minutes: number;
        };
        /** TimesheetDay */
        TimesheetDay: {
            /**
             * Absence Kinds
             * @description The kinds of the day's absences, in that order (vacation, sick, holiday, other); empty: none.
             */
            absence_kinds?: ("vacation" | "sick" | "holiday" | "other")[];
            /**
             * Absence Minutes
             * @description Paid absence minutes recorded for the day (POST /attendance/absences; the sum of its kinds'): not worked time, in neither worked_minutes nor the overtime.
             * @default 0
             */
            absence_minutes: number;
            /**
             * Date
             * @description YYYY-MM-DD in the day's `timezone`.
             */
            date: string;
            /**
             * Ends Night Shift
             * @description An exit of the day closed a shift begun the day before: its time counts on that day.
             * @default false
             */
            ends_night_shift: boolean;
            /** Events */
            events: number;
            /**
             * Exit Without Entry
             * @description An exit that closes no shift: its entry is missing (add it). Counts nothing.
             * @default false
             */
            exit_without_entry: boolean;
            /** First In */
            first_in: string | null;
            /** Last Out */
            last_out: string | null;
            /**
             * Manual Minutes
             * @description Of worked_minutes, the time of the shifts whose entry or exit HR typed in (entered_by: a manual punch, a missing shift, a replacement), the whole shift's, rounded as worked_minutes is: the minutes no face confirmed. A kiosk punch a review confirmed is a kiosk punch (not counted here).
             * @default 0
             */
            manual_minutes: number;
            /**
             * Night Shift From
             * @description With ends_night_shift: the day the shift's time counts on, YYYY-MM-DD (its entry's day).
             */
            night_shift_from?: string | null;
            /**
             * Open Shift
             * @description An entry no exit closed: a forgotten check-out (add it), or still at work. Counts nothing.
             */
            open_shift: boolean;
            /**
             * Pending Reviews
             * @description This person's events of the day awaiting review: not counted (an exit counts on the day of the shift it would close).
             */
            pending_reviews: number;
            /**
             * Timezone
             * @description IANA zone this person's day is a day in, and its times are said in: the zone they held at its events (their own, else the report zone; a zone applies from the moment it was set): the shifts listed began on the date in it.
             */
            timezone: string;
            /**
             * Worked Minutes
             * @description worked_seconds to the nearest minute: what the totals add up.
             */
            worked_minutes: number;
            /**
             * Worked Seconds
             * @description Shifts that began this day (a night shift counts for its first day).
             */
            worked_seconds: number;
        };
        /** TimesheetRow */
        TimesheetRow: {
            /**
             * Absence Minutes
             * @description The sum of the days' absence_minutes: paid absences, not worked time (CSV: the absence_minutes column, the last).
             * @default 0
             */
            absence_minutes: number;
            /**
             * Changed Since Signed
             * @description Some of those days' worked minutes today are not what was signed (signed_minutes): a reopen, a fix and a close again moved them, and payroll pays or claws back the difference (CSV: the changed_since_signed column).
             * @default false
             */
            changed_since_signed: boolean;
            /**
             * Days
             * @description Every day of the period, in order.
             */
            days: components["schemas"]["TimesheetDay"][];
            /**
             * Days With Manual Punches
             * @description Days whose manual_minutes are not zero: their time rests on a punch HR typed in.
             * @default 0
             */
            days_with_manual_punches: number;
            /**
             * Days Without Entry
             * @description Days with an exit that closes no shift (exit_without_entry).
             * @default 0
             */
            days_without_entry: number;
            /**
             * Days Without Exit
             * @description Days with an open shift (open_shift).
             */
            days_without_exit: number;
            /**
             * Days Worked
             * @description Days with counted time.
             */
            days_worked: number;
            /** Department */
            department: string | null;
            /**
             * Email
             * @description The person's email (a second key for a payroll import).
             */
            email?: string | null;
            /**
             * Employee Id
             * Format: uuid
             */
            employee_id: string;
            /**
             * Employee Number
             * @description The person's payroll number (null: none given): the key a payroll import matches rows by, not the name.
             */
            employee_number?: string | null;
            /**
             * Face Id Withdrawn
             * @description The person's Face ID was withdrawn (DELETE /employees/{id}/biometric-consent: biometric consent withdrawn while employed, consent_withdrawn_at) at some instant of these days while they were active: the kiosk no longer knows them and their time is entered by HR (manual punches), so a day without time may be time nobody typed in, not an absence. Also for a withdrawal ended since by a consent recorded again, for the days it covered. CSV: the face_id_withdrawn column.
             * @default false
             */
            face_id_withdrawn: boolean;
            /** Full Name */
            full_name: string;
            /**
             * Incomplete Weeks Minutes
             * @description Worked minutes on days of weeks the period cuts (their overtime is not counted here; CSV: the incomplete_weeks_minutes column); null when no overtime is counted.
             */
            incomplete_weeks_minutes?: number | null;
            /**
             * Manual Minutes
             * @description The sum of the days' manual_minutes: of worked_minutes, the time of shifts whose entry or exit HR typed in (CSV: the manual_minutes column).
             * @default 0
             */
            manual_minutes: number;
            /**
             * Overtime Minutes
             * @description The sum of the complete weeks' overtime_minutes (CSV: the overtime_minutes column, empty when null); null when no overtime is counted (FACEPASS_WEEKLY_OVERTIME_MINUTES 0) or no week of the period is complete. Computed from today's worked minutes with today's setting: a close signs worked minutes, not this.
             */
            overtime_minutes?: number | null;
            /**
             * Pending Event Ids
             * @description Their ids (at most 500, oldest first): GET /attendance/review?ids= lists exactly them (a night shift's exit of the morning after the period included).
             */
            pending_event_ids?: number[];
            /**
             * Pending Reviews
             * @description Events of the period awaiting review: settle them before payroll.
             */
            pending_reviews: number;
            /**
             * Signed Days Minutes Now
             * @description Today's worked minutes of those same days (null with signed_minutes).
             */
            signed_days_minutes_now?: number | null;
            /**
             * Signed Minutes
             * @description The worked minutes signed for the row's closed days in the period, each day's as the latest close covering it signed it or, when that close signed it again after a reopen, as the close before did (what was paid before the fix); null when none of its days is closed by a close that kept its minutes (migration 0031; CSV: the signed_minutes column, empty then).
             */
            signed_minutes?: number | null;
            /**
             * Timezone
             * @description IANA zone of this person's last day of the period (see each day's `timezone`: a day before a change of zone is in the zone held then).
             */
            timezone: string;
            /**
             * Timezone Unavailable
             * @description A zone of this person's does not load here (tzdata dropped its name): their days are the report zone's (named in `timezone`). Correct the person's zone.
             * @default false
             */
            timezone_unavailable: boolean;
            /**
             * Weeks
             * @description The period's days by overtime week (FACEPASS_WEEK_START), in order, the first and last possibly cut by the period.
             */
            weeks?: components["schemas"]["TimesheetWeek"][];
            /**
             * Worked Minutes
             * @description The sum of the days' worked_minutes: the payroll figure the console, the CLI and the CSV show.
             */
            worked_minutes: number;
            /**
             * Worked Seconds
             * @description The sum of the days' worked_seconds (each to the nearest second).
             */
            worked_seconds: number;
        };
        /** TimesheetWeek */
        TimesheetWeek: {
            /**
             * Days In Period
             * @description Of its 7 days, those in the period (7: a complete week).
             */
            days_in_period: number;
            /**
             * Overtime Minutes
             * @description worked_minutes beyond FACEPASS_WEEKLY_OVERTIME_MINUTES; null for a week the period cuts (its other days are not in this timesheet: read the period that holds the whole week) or when no overtime is counted (the setting 0).
             */
            overtime_minutes: number | null;
            /**
             * Week Start
             * @description The week's first day (FACEPASS_WEEK_START), YYYY-MM-DD: possibly before the period.
             */
            week_start: string;
            /**
             * Worked Minutes
             * @description The worked_minutes of its days in the period.
             */
            worked_minutes: number;
        };
        /** UnscopedReviewer */
        UnscopedReviewer: {
            /**
             * Last Seen At
             * Format: date-time
             * @description Their last sign-in to the console.
             */
            last_seen_at: string;
            /**
             * Roles
             * @description The console roles their token held at their last sign-in.
             */
            roles: ("admin" | "reviewer" | "payroll" | "employee")[];
            /**
             * Username
             * @description The console user name (lower case).
             */
            username: string;
        };
        /** UploadRequest */
        UploadRequest: {
            /**
             * Content Type
             * @description The photo's type; the upload must send this Content-Type.
             * @default image/jpeg
             * @enum {string}
             */
            content_type: "image/jpeg" | "image/png" | "image/webp";
        };
        /** UploadTicket */
        UploadTicket: {
            /** Content Type */
            content_type: string;
            /**
             * Employee Id
             * Format: uuid
             */
            employee_id: string;
            /** Expires In */
            expires_in: number;
            /** Key */
            key: string;
            /** Max Bytes */
            max_bytes: number;
            /**
             * Max Pixels
             * @description The most pixels (width x height) a photo may have (FACEPASS_MAX_IMAGE_PIXELS): more is refused (image_too_large) after the upload, so a client checks before sending.
             */
            max_pixels?: number | null;
            /**
             * Ticket Id
             * Format: uuid
             */
            ticket_id: string;
            upload: components["schemas"]["PresignedPost"];
        };
        /**
         * VerifyResult
         * @description /verify as an admin token gets it, with the evidence.
         */
        VerifyResult: {
            box: components["schemas"]["Box"];
            /**
             * Employee Id
             * Format: uuid
             */
            employee_id: string;
            /** Is Active */
            is_active: boolean;
            /**
             * Retry Reason
             * @description The probe failed identify's quality gates: nothing was compared, ask for another photo.
             */
            retry_reason?: ("face_too_small" | "low_detection_score" | "bad_pose" | "too_dark" | "overexposed" | "blurry") | null;
            /**
             * Similarity
             * @description Best similarity to the person's enrolled faces (null: retry).
             */
            similarity: number | null;
            /** Threshold */
            threshold: number;
            /** Timings Ms */
            timings_ms: {
                [key: string]: number;
            };
            /**
             * Verified
             * @description Never true for a deactivated person, nor for a probe that failed a quality gate (retry_reason).
             */
            verified: boolean;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    list_attendance_attendance_get: {
        parameters: {
            query?: {
                /** @description First day: a day in the report time zone; with employee_id a day of that person's, in their own zone (each event on its date in the zone held at its instant, as the reports place it; none: the report zone). The answer's timezone names the last day's. */
                date_from?: string | null;
                /** @description Last day, as date_from. */
                date_to?: string | null;
                /** @description Only this person's events; the dates are then their days, as their timesheet and daily rows are. */
                employee_id?: string | null;
                /** @description The face decision (admin, reviewer: 403 forbidden for payroll). HR's review is review_state; what payroll counts is counted=true. */
                status?: ("recognized" | "unknown" | "ambiguous" | "rejected") | null;
                review_state?: ("none" | "pending" | "confirmed" | "reassigned" | "rejected") | null;
                /** @description true: only the events the daily report counts (recognized and not flagged, or confirmed or reassigned by a reviewer); false: only the others. */
                counted?: boolean | null;
                device_id?: string | null;
                /** @description The previous page's next_cursor (CSV: X-Next-Cursor), sent with the same filters (`limit` may change): a cursor carries the route and filters it was issued for, and one of another route or of other filters is 400 invalid_cursor. Opaque: no client reads or writes one. */
                cursor?: string | null;
                limit?: number;
                /** @description The CSV's form: excel (`,` between cells, `.` decimals, no byte order mark) or excel-semicolon (`;` between cells, `,` decimals, a UTF-8 byte order mark: Excel in a locale whose decimal separator is a comma). JSON answers ignore it. */
                dialect?: "excel" | "excel-semicolon";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AttendancePage"] | components["schemas"]["PayrollAttendancePage"] | string;
                    "text/csv": string;
                };
            };
            /** @description Error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not authenticated or not allowed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Not authenticated or not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Error */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    list_absences_attendance_absences_get: {
        parameters: {
            query: {
                /** @description First day (the people's own days). */
                date_from: string;
                /** @description Last day (at most 92 days after date_from). */
                date_to: string;
                employee_id?: string | null;
                /** @description The previous page's next_cursor (CSV: X-Next-Cursor), sent with the same filters (`limit` may change): a cursor carries the route and filters it was issued for, and one of another route or of other filters is 400 invalid_cursor. Opaque: no client reads or writes one. */
                cursor?: string | null;
                /** @description Absences per page. */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AbsencePage"];
                };
            };
            /** @description Error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not authenticated or not allowed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Not authenticated or not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Error */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    add_absence_attendance_absences_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AbsenceRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Absence"] | components["schemas"]["AbsenceRange"];
                };
            };
            /** @description Error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not authenticated or not allowed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Not authenticated or not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Error */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    delete_absence_batch_attendance_absences_batches__batch_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The bulk add's id (its answer's batch_id). */
                batch_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AbsenceBatchDeleted"];
                };
            };
            /** @description Error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not authenticated or not allowed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Not authenticated or not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Error */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    add_absences_bulk_attendance_absences_bulk_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AbsenceBulkRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AbsenceBulkResult"];
                };
            };
            /** @description Error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not authenticated or not allowed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Not authenticated or not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Error */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    delete_absence_attendance_absences__absence_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The absence's id. */
                absence_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Absence"];
                };
            };
            /** @description Error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not authenticated or not allowed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Not authenticated or not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Error */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    change_absence_attendance_absences__absence_id__patch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The absence's id. */
                absence_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AbsenceChange"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Absence"];
                };
            };
            /** @description Error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not authenticated or not allowed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Not authenticated or not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Error */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    audit_changes_attendance_audit_get: {
        parameters: {
            query?: {
                /** @description First day the change was made on, in the report time zone. */
                changed_from?: string | null;
                /** @description Last day, as changed_from. */
                changed_to?: string | null;
                /** @description First day of the changed punches' day (as they are now): its day, as the timesheet and the lock count it (the person's zone; a night shift's exit on its entry's day); the change made whenever. */
                occurred_from?: string | null;
                /** @description Last day, as occurred_from. */
                occurred_to?: string | null;
                /** @description Only this actor's changes (as the rows name them; any case). */
                actor?: string | null;
                action?: ("add" | "confirm" | "reassign" | "reject" | "flag") | null;
                /** @description The previous page's next_cursor (CSV: X-Next-Cursor), sent with the same filters (`limit` may change): a cursor carries the route and filters it was issued for, and one of another route or of other filters is 400 invalid_cursor. Opaque: no client reads or writes one. */
                cursor?: string | null;
                limit?: number;
                /** @description The CSV's form: excel (`,` between cells, `.` decimals, no byte order mark) or excel-semicolon (`;` between cells, `,` decimals, a UTF-8 byte order mark: Excel in a locale whose decimal separator is a comma). JSON answers ignore it. */
                dialect?: "excel" | "excel-semicolon";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AttendanceChangePage"] | components["schemas"]["PayrollAttendanceChangePage"] | string;
                    "text/csv": string;
                };
            };
            /** @description Error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not authenticated or not allowed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Not authenticated or not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Error */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    calendar_attendance_calendar_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReportCalendar"];
                };
            };
            /** @description Error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not authenticated or not allowed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Not authenticated or not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Error */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    challenge_attendance_challenge_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Challenge"];
                };
            };
            /** @description Error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not authenticated or not allowed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Not authenticated or not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Error */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    check_in_attendance_check_in_post: {
        parameters: {
            query?: never;
            header?: {
                /** @description The same key replays the first answer; with another request, 422 `idempotency_key_reused` */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Captured At
                     * @description Paired devices only: when a queued (offline) photo was taken, RFC 3339 with a time zone. Up to FACEPASS_OFFLINE_MAX_AGE_HOURS old, at most 2 minutes ahead.
                     */
                    captured_at?: string | null;
                    /** Challenge Nonce */
                    challenge_nonce?: string | null;
                    /**
                     * Device Id
                     * @description Refused on check-in/out: the device comes from the device credential.
                     */
                    device_id?: string | null;
                    /**
                     * Frames
                     * @description Challenge burst, base64 photos in capture order: first looking at the camera, then turning the asked way.
                     */
                    frames?: string[] | null;
                    /**
                     * Image
                     * @description The photo, base64.
                     */
                    image?: string | null;
                };
                "image/jpeg": string;
                "image/png": string;
                "image/webp": string;
            };
        };
        responses: {
            /** @description A repeat of the same event within the repeat window, or an Idempotency-Key replay */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CheckResult"];
                };
            };
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CheckResult"];
                };
            };
            /** @description Error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not authenticated or not allowed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Not authenticated or not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Error */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    check_out_attendance_check_out_post: {
        parameters: {
            query?: never;
            header?: {
                /** @description The same key replays the first answer; with another request, 422 `idempotency_key_reused` */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Captured At
                     * @description Paired devices only: when a queued (offline) photo was taken, RFC 3339 with a time zone. Up to FACEPASS_OFFLINE_MAX_AGE_HOURS old, at most 2 minutes ahead.
                     */
                    captured_at?: string | null;
                    /** Challenge Nonce */
                    challenge_nonce?: string | null;
                    /**
                     * Device Id
                     * @description Refused on check-in/out: the device comes from the device credential.
                     */
                    device_id?: string | null;
                    /**
                     * Frames
                     * @description Challenge burst, base64 photos in capture order: first looking at the camera, then turning the asked way.
                     */
                    frames?: string[] | null;
                    /**
                     * Image
                     * @description The photo, base64.
                     */
                    image?: string | null;
                };
                "image/jpeg": string;
                "image/png": string;
                "image/webp": string;
            };
        };
        responses: {
            /** @description A repeat of the same event within the repeat window, or an Idempotency-Key replay */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CheckResult"];
                };
            };
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CheckResult"];
                };
            };
            /** @description Error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not authenticated or not allowed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Not authenticated or not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Error */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    list_corrections_attendance_corrections_get: {
        parameters: {
            query?: {
                state?: "open" | "resolved";
                /** @description The previous page's next_cursor (CSV: X-Next-Cursor), sent with the same filters (`limit` may change): a cursor carries the route and filters it was issued for, and one of another route or of other filters is 400 invalid_cursor. Opaque: no client reads or writes one. */
                cursor?: string | null;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CorrectionRequestPage"];
                };
            };
            /** @description Error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not authenticated or not allowed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Not authenticated or not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Error */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    resolve_correction_attendance_corrections__correction_id__resolve_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                correction_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ResolveCorrectionRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CorrectionRequestItem"];
                };
            };
            /** @description Error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not authenticated or not allowed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Not authenticated or not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Error */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    daily_attendance_daily_get: {
        parameters: {
            query?: {
                /** @description A day in the report time zone (default: today there). */
                date?: string | null;
                /** @description The CSV's form: excel (`,` between cells, `.` decimals, no byte order mark) or excel-semicolon (`;` between cells, `,` decimals, a UTF-8 byte order mark: Excel in a locale whose decimal separator is a comma). JSON answers ignore it. */
                dialect?: "excel" | "excel-semicolon";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DailyReport"] | string;
                    "text/csv": string;
                };
            };
            /** @description Error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not authenticated or not allowed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Not authenticated or not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Error */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    face_free_punch_attendance_face_free_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["FaceFreeRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FaceFreeAnswer"];
                };
            };
            /** @description Error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not authenticated or not allowed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Not authenticated or not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Error */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    add_event_attendance_manual_post: {
        parameters: {
            query?: never;
            header?: {
                /** @description The same key replays the first answer; with another request, 422 `idempotency_key_reused` */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ManualEventRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AttendanceEvent"];
                };
            };
            /** @description Error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not authenticated or not allowed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Not authenticated or not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Error */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description `punch_conflict`: the reports would not count this punch, or it would undo a counted shift. details: conflict (shift_broken, exit_unpaired, entry_double_press, entry_left_open), event_ids, events, replaceable; `employee_inactive`: time the person was not employed (their is_active history; README Manual punches) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    add_shift_attendance_manual_shift_post: {
        parameters: {
            query?: never;
            header?: {
                /** @description The same key replays the first answer; with another request, 422 `idempotency_key_reused` */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ManualShiftRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ManualShift"];
                };
            };
            /** @description Error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not authenticated or not allowed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Not authenticated or not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Error */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description `punch_conflict`: the entry and exit would not be a counted shift of their own. details: conflict (shift_broken: a counted shift the pair cuts into; shift_overlaps: counted punches inside the pair), employee_id, timezone, event_ids, events, replaceable (always empty); `employee_inactive`: its entry or exit is time the person was not employed */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    punch_attendance_punch_post: {
        parameters: {
            query?: never;
            header?: {
                /** @description The same key replays the first answer; with another request, 422 `idempotency_key_reused` */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Captured At
                     * @description Paired devices only: when a queued (offline) photo was taken, RFC 3339 with a time zone. Up to FACEPASS_OFFLINE_MAX_AGE_HOURS old, at most 2 minutes ahead.
                     */
                    captured_at?: string | null;
                    /** Challenge Nonce */
                    challenge_nonce?: string | null;
                    /**
                     * Device Id
                     * @description Refused on check-in/out: the device comes from the device credential.
                     */
                    device_id?: string | null;
                    /**
                     * Frames
                     * @description Challenge burst, base64 photos in capture order: first looking at the camera, then turning the asked way.
                     */
                    frames?: string[] | null;
                    /**
                     * Image
                     * @description The photo, base64.
                     */
                    image?: string | null;
                };
                "image/jpeg": string;
                "image/png": string;
                "image/webp": string;
            };
        };
        responses: {
            /** @description A repeat of the same event within the repeat window, or an Idempotency-Key replay */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CheckResult"];
                };
            };
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CheckResult"];
                };
            };
            /** @description Error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not authenticated or not allowed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Not authenticated or not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Error */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    review_queue_attendance_review_get: {
        parameters: {
            query?: {
                state?: "none" | "pending" | "confirmed" | "reassigned" | "rejected";
                /** @description The previous page's next_cursor (CSV: X-Next-Cursor), sent with the same filters (`limit` may change): a cursor carries the route and filters it was issued for, and one of another route or of other filters is 400 invalid_cursor. Opaque: no client reads or writes one. */
                cursor?: string | null;
                limit?: number;
                /** @description Only this person's events (a timesheet row's pending reviews). */
                employee_id?: string | null;
                /** @description First day, as GET /attendance: a day in the report time zone; with employee_id a day of that person's, in the zone they held at each event's instant (a timesheet's pending link passes its period). 422 invalid_date_range when after date_to. */
                date_from?: string | null;
                /** @description Last day, as date_from. */
                date_to?: string | null;
                /** @description Comma-separated event ids (at most 500): these events only, those still in `state` (a refused pay-period close's pending_event_ids: exactly what it counted). */
                ids?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReviewPage"];
                };
            };
            /** @description Error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not authenticated or not allowed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Not authenticated or not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Error */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    timesheet_attendance_timesheet_get: {
        parameters: {
            query: {
                /** @description First day, in the report time zone. */
                date_from: string;
                /** @description Last day (at most 92 days after date_from). */
                date_to: string;
                employee_id?: string | null;
                /** @description The previous page's next_cursor (CSV: X-Next-Cursor), sent with the same filters (`limit` may change): a cursor carries the route and filters it was issued for, and one of another route or of other filters is 400 invalid_cursor. Opaque: no client reads or writes one. */
                cursor?: string | null;
                /** @description Employees per page. */
                limit?: number;
                /** @description The CSV's form: excel (`,` between cells, `.` decimals, no byte order mark) or excel-semicolon (`;` between cells, `,` decimals, a UTF-8 byte order mark: Excel in a locale whose decimal separator is a comma). JSON answers ignore it. */
                dialect?: "excel" | "excel-semicolon";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Timesheet"] | string;
                    "text/csv": string;
                };
            };
            /** @description Error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not authenticated or not allowed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Not authenticated or not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Error */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    audit_attendance__event_id__audit_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The attendance event id. */
                event_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditTrail"];
                };
            };
            /** @description Error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not authenticated or not allowed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Not authenticated or not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Error */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    dispute_event_attendance__event_id__dispute_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The attendance event id. */
                event_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KioskEvent"];
                };
            };
            /** @description Error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not authenticated or not allowed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Not authenticated or not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Error */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    review_event_attendance__event_id__review_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The attendance event id. */
                event_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReviewRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReviewItem"];
                };
            };
            /** @description Error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not authenticated or not allowed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Not authenticated or not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Error */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description `punch_conflict`: confirming or reassigning would undo a counted shift of the person, or a reassignment or a rejection would take a counted punch from a closed shift of the person it was counted for (a punch awaiting review is in none; send force: true to apply it anyway); details: as a manual punch's, with employee_id and effects (each person's: owner new or previous, conflict, events, message); `review_needs_employee`: confirm on an event without a person; `repeat_follows_original`: a confirm with another event_type of a repeat disputed at the kiosk whose first press counts (it stays a repeat in that press's direction; details: event_id, event_type); `employee_inactive`: reassigned to a person deactivated before the punch was taken; `employee_erased`: a kiosk punch reassigned to a person whose biometric data was erased; `consent_withdrawn`: a kiosk punch reassigned to a person whose Face ID consent is withdrawn (reject it, enter a manual punch); `review_stale`: the event was decided on since `expected_revision` (or, without it, its review state is no longer `expected_state`); details: review_state, employee_id, reviewed_by, reviewed_at, revision, automatic (true: FacePass itself sent it back to review, a punch having arrived late; then changed_at and decided_without, as the flag's audit entry); turned (a pending repeat a reviewer turned with the press it repeats, deciding nothing: by, at, with_event_id, event_type, from its flag audit entry) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    snapshot_attendance__event_id__snapshot_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                event_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SnapshotLink"];
                };
            };
            /** @description Error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not authenticated or not allowed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Not authenticated or not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Error */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    list_devices_devices_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeviceList"];
                };
            };
            /** @description Error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not authenticated or not allowed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Not authenticated or not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Error */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    create_device_devices_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DeviceCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PairingCode"];
                };
            };
            /** @description Error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not authenticated or not allowed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Not authenticated or not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Error */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    my_device_devices_me_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeviceSelf"];
                };
            };
            /** @description Error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not authenticated or not allowed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Not authenticated or not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Error */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    open_setup_devices_me_setup_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SetupRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SetupOpened"];
                };
            };
            /** @description Error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not authenticated or not allowed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Not authenticated or not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Error */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    pair_device_devices_pair_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PairRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PairedDevice"];
                };
            };
            /** @description Error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not authenticated or not allowed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Not authenticated or not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Error */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    revoke_device_devices__device_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                device_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Device"];
                };
            };
            /** @description Error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not authenticated or not allowed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Not authenticated or not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Error */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    patch_device_devices__device_id__patch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                device_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DevicePatch"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Device"];
                };
            };
            /** @description Error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not authenticated or not allowed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Not authenticated or not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Error */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    new_pairing_code_devices__device_id__pairing_code_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                device_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PairingCode"];
                };
            };
            /** @description Error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not authenticated or not allowed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Not authenticated or not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Error */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    new_setup_code_devices__device_id__setup_code_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                device_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SetupCode"];
                };
            };
            /** @description Error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not authenticated or not allowed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Not authenticated or not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Error */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    list_employees_employees_get: {
        parameters: {
            query?: {
                limit?: number;
                /** @description The previous page's next_cursor (CSV: X-Next-Cursor), sent with the same filters (`limit` may change): a cursor carries the route and filters it was issued for, and one of another route or of other filters is 400 invalid_cursor. Opaque: no client reads or writes one. */
                cursor?: string | null;
                /** @description Part of the department, any case (ё as е). */
                department?: string | null;
                active?: boolean | null;
                /** @description Part of the name, payroll number (employee_number) or email (not the email without the admin scope), any case, ё as е (the console's search). */
                q?: string | null;
                /** @description Only the people who have this work schedule (GET /schedules), active or not unless `active` says (the people a 409 schedule_in_use counts, with no `active`); an id of no schedule: an empty list; one no schedule can have (below 1, beyond a bigint, not a whole number): 422 validation_error. */
                schedule_id?: number | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EmployeePage"] | components["schemas"]["EmployeeSummaryPage"];
                };
            };
            /** @description Error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not authenticated or not allowed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Not authenticated or not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Error */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    create_employee_employees_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EmployeeCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Employee"];
                };
            };
            /** @description Error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not authenticated or not allowed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Not authenticated or not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Error */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description `email_taken`: another employee has the email (in any case); `employee_number_taken`: another employee has the payroll number (in any case) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    list_departments_employees_departments_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DepartmentList"];
                };
            };
            /** @description Error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not authenticated or not allowed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Not authenticated or not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Error */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    enroll_with_photo_employees_enroll_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": {
                    /**
                     * @description true: the employee received the biometric notice and agreed in writing, recorded with them (audited); without it (FACEPASS_BIOMETRIC_CONSENT=required) 409 consent_required, nobody created
                     * @enum {string}
                     */
                    biometric_consent?: "true" | "false";
                    /** @description The signed release's reference (with biometric_consent=true only; required with it when FACEPASS_BIOMETRIC_CONSENT=required: else 422 consent_reference_required, nobody created) */
                    consent_reference?: string;
                    department?: string;
                    email: string;
                    /** @description The payroll number, as POST /employees takes it (audited; 409 employee_number_taken when another person has it) */
                    employee_number?: string;
                    full_name: string;
                    /**
                     * Format: binary
                     * @description JPEG, PNG or WebP: anything else, or over the byte or pixel limit, is refused at once (400 not_an_image, 413 image_too_large), nobody created
                     */
                    photo: string;
                    /** @description IANA zone, as POST /employees takes it (audited) */
                    timezone?: string;
                };
            };
        };
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EnrollWithPhotoResult"];
                };
            };
            /** @description Error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not authenticated or not allowed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Not authenticated or not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Error */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    get_employee_employees__employee_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                employee_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EmployeeDetail"] | components["schemas"]["EmployeeSummaryDetail"];
                };
            };
            /** @description Error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not authenticated or not allowed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Not authenticated or not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Error */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    replace_employee_employees__employee_id__put: {
        parameters: {
            query?: {
                /** @description Reactivate even though one of the person's faces matches another active person (otherwise 409 duplicate_person naming them); audited as reactivation_forced. */
                force?: boolean;
            };
            header?: never;
            path: {
                employee_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EmployeeReplace"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Employee"];
                };
            };
            /** @description Error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not authenticated or not allowed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Not authenticated or not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Error */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description `email_taken`; `employee_number_taken`: another employee has the payroll number (in any case); `employee_stale`: the employee was changed since the `updated_at` sent as `expected_updated_at` (nothing written; load it again). details: updated_at, changed_by, changed_at (who made the latest change, when; null for one from before it was audited) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    delete_employee_employees__employee_id__delete: {
        parameters: {
            query?: {
                erase?: boolean;
            };
            header?: never;
            path: {
                employee_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Employee"] | components["schemas"]["ErasureResult"];
                };
            };
            /** @description Error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not authenticated or not allowed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Not authenticated or not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Error */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    patch_employee_employees__employee_id__patch: {
        parameters: {
            query?: {
                /** @description Reactivate even though one of the person's faces matches another active person (otherwise 409 duplicate_person naming them); audited as reactivation_forced. */
                force?: boolean;
            };
            header?: never;
            path: {
                employee_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EmployeePatch"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Employee"];
                };
            };
            /** @description Error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not authenticated or not allowed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Not authenticated or not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Error */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description `email_taken`; `employee_number_taken`: another employee has the payroll number (in any case); `employee_stale`: the employee was changed since the `updated_at` sent as `expected_updated_at` (nothing written; load it again). details: updated_at, changed_by, changed_at (who made the latest change, when; null for one from before it was audited) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    employee_audit_employees__employee_id__audit_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                employee_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EmployeeAudit"];
                };
            };
            /** @description Error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not authenticated or not allowed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Not authenticated or not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Error */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    record_biometric_consent_employees__employee_id__biometric_consent_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                employee_id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["BiometricConsentRequest"] | null;
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Employee"];
                };
            };
            /** @description Error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not authenticated or not allowed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Not authenticated or not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Error */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description `withdrawal_unfinished`: the employee's withdrawal of consent stopped half-way (withdrawal_unfinished on the employee): run it again (DELETE) first; nothing recorded. details: employee_id */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    withdraw_biometric_consent_employees__employee_id__biometric_consent_delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                employee_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErasureResult"];
                };
            };
            /** @description Error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not authenticated or not allowed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Not authenticated or not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Error */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    biometric_data_employees__employee_id__biometric_data_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                employee_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BiometricDataReport"];
                };
            };
            /** @description Error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not authenticated or not allowed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Not authenticated or not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Error */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    list_enrollments_employees__employee_id__enrollments_get: {
        parameters: {
            query?: {
                /** @description Which tickets: needs_confirmation (held for HR; the only one listed). */
                status?: "needs_confirmation";
            };
            header?: never;
            path: {
                employee_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EnrollmentList"];
                };
            };
            /** @description Error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not authenticated or not allowed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Not authenticated or not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Error */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    get_enrollment_employees__employee_id__enrollments__ticket_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                employee_id: string;
                ticket_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EnrollmentStatus"];
                };
            };
            /** @description Error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not authenticated or not allowed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Not authenticated or not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Error */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    confirm_enrollment_employees__employee_id__enrollments__ticket_id__confirm_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                employee_id: string;
                ticket_id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["ConfirmRequest"] | null;
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EnrollmentStatus"];
                };
            };
            /** @description Error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not authenticated or not allowed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Not authenticated or not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Error */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    reject_enrollment_employees__employee_id__enrollments__ticket_id__reject_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                employee_id: string;
                ticket_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EnrollmentStatus"];
                };
            };
            /** @description Error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not authenticated or not allowed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Not authenticated or not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Error */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    list_faces_employees__employee_id__faces_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                employee_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FaceList"];
                };
            };
            /** @description Error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not authenticated or not allowed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Not authenticated or not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Error */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    remove_face_employees__employee_id__faces__face_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                employee_id: string;
                face_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FaceRemoval"];
                };
            };
            /** @description Error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not authenticated or not allowed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Not authenticated or not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Error */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    create_upload_ticket_employees__employee_id__photos_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                employee_id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["UploadRequest"] | null;
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UploadTicket"];
                };
            };
            /** @description Error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not authenticated or not allowed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Not authenticated or not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Error */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    health_health_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            /** @description Error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not authenticated or not allowed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Not authenticated or not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Error */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    identify_identify_post: {
        parameters: {
            query?: {
                all_faces?: boolean;
                /** @description Also score passive liveness of the largest face (admin callers see the score). */
                liveness?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Device Id
                     * @description Refused on check-in/out: the device comes from the device credential.
                     */
                    device_id?: string | null;
                    /**
                     * Image
                     * @description The photo, base64-encoded.
                     */
                    image: string;
                };
                "image/jpeg": string;
                "image/png": string;
                "image/webp": string;
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IdentifyResult"] | components["schemas"]["KioskIdentifyResult"];
                };
            };
            /** @description Error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not authenticated or not allowed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Not authenticated or not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Error */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    me_me_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Me"];
                };
            };
            /** @description Error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not authenticated or not allowed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Not authenticated or not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Error */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    my_attendance_me_attendance_get: {
        parameters: {
            query: {
                /** @description First day, a day of the caller's (as their timesheet row's). */
                date_from: string;
                /** @description Last day (at most 92 days after date_from). */
                date_to: string;
                /** @description The previous page's next_cursor (CSV: X-Next-Cursor), sent with the same filters (`limit` may change): a cursor carries the route and filters it was issued for, and one of another route or of other filters is 400 invalid_cursor. Opaque: no client reads or writes one. */
                cursor?: string | null;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MyPunchPage"];
                };
            };
            /** @description Error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not authenticated or not allowed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Not authenticated or not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Error */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    my_biometrics_me_biometrics_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MyBiometrics"];
                };
            };
            /** @description Error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not authenticated or not allowed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Not authenticated or not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Error */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    my_corrections_me_corrections_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CorrectionRequestList"];
                };
            };
            /** @description Error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not authenticated or not allowed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Not authenticated or not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Error */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    request_correction_me_corrections_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CorrectionRequestBody"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CorrectionRequest"];
                };
            };
            /** @description Error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not authenticated or not allowed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Not authenticated or not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Error */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    my_timesheet_me_timesheet_get: {
        parameters: {
            query: {
                /** @description First day, a day of the caller's (as their timesheet row's). */
                date_from: string;
                /** @description Last day (at most 92 days after date_from). */
                date_to: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MyTimesheet"];
                };
            };
            /** @description Error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not authenticated or not allowed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Not authenticated or not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Error */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    close_adjustments_payroll_closes__history_id__adjustments_get: {
        parameters: {
            query?: {
                /** @description The CSV's form (as the timesheet's). */
                dialect?: "excel" | "excel-semicolon";
            };
            header?: never;
            path: {
                history_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CloseAdjustments"] | string;
                };
            };
            /** @description Error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not authenticated or not allowed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Not authenticated or not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Error */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    get_lock_payroll_lock_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PayPeriodLock"];
                };
            };
            /** @description Error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not authenticated or not allowed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Not authenticated or not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Error */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    set_lock_payroll_lock_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PayPeriodLockRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PayPeriodLock"];
                };
            };
            /** @description Error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not authenticated or not allowed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Not authenticated or not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Error */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    list_reviewer_departments_reviewer_departments_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReviewerDepartmentsList"];
                };
            };
            /** @description Error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not authenticated or not allowed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Not authenticated or not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Error */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    set_reviewer_departments_reviewer_departments__username__put: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                username: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReviewerDepartmentsRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReviewerDepartments"];
                };
            };
            /** @description Error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not authenticated or not allowed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Not authenticated or not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Error */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    list_schedules_schedules_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScheduleList"];
                };
            };
            /** @description Error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not authenticated or not allowed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Not authenticated or not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Error */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    create_schedule_schedules_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ScheduleRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Schedule"];
                };
            };
            /** @description Error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not authenticated or not allowed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Not authenticated or not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Error */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    replace_schedule_schedules__schedule_id__put: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                schedule_id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ScheduleRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Schedule"];
                };
            };
            /** @description Error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not authenticated or not allowed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Not authenticated or not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Error */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    delete_schedule_schedules__schedule_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                schedule_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Schedule"];
                };
            };
            /** @description Error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not authenticated or not allowed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Not authenticated or not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Error */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    verify_verify_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Device Id
                     * @description Refused on check-in/out: the device comes from the device credential.
                     */
                    device_id?: string | null;
                    /**
                     * Employee Id
                     * Format: uuid
                     */
                    employee_id: string;
                    /**
                     * Image
                     * @description The photo, base64-encoded.
                     */
                    image: string;
                };
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VerifyResult"] | components["schemas"]["KioskVerifyResult"];
                };
            };
            /** @description Error */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not authenticated or not allowed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Not authenticated or not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] | components["schemas"]["GatewayError"];
                };
            };
            /** @description Error */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
}
