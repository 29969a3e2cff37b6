"""web/src/kiosk/watch.ts, automatic mode's decision on the tablet, run as it is: compiled by the web app's own
TypeScript (web/node_modules) and run by node, without a browser. Whether a picture changed, that an unchanged one is
never sent again, the backoff while changed pictures keep showing nobody (5 s, then 15 s, then 30 s; reset by a
movement after stillness or by somebody answered), and the tries spaced out while the server throttles or fails them
(429, 5xx: 10 s, 20 s, 40 s, then a minute; a longer Retry-After honoured; ended by a press the server answered)."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from tests.conftest import ROOT

WEB = ROOT / "web"

SCENARIOS = r"""
import * as w from "./watch.mjs";
const size = w.THUMB_WIDTH * w.THUMB_HEIGHT;
const flat = (level) => new Uint8Array(size).fill(level);
const noisy = (level, seed) => Uint8Array.from({ length: size },
  (_, i) => level + (((i * 7919 + seed * 104729) % 5) - 2));
const withBlock = (level, block) => Uint8Array.from({ length: size },
  (_, i) => (i % w.THUMB_WIDTH < 10 ? block : level));
const out = {};

out.grey = Array.from(w.greyOf([255, 255, 255, 255, 0, 0, 0, 255, 255, 0, 0, 255, 0, 255, 0, 255]));
out.same = w.meanDifference(flat(120), flat(120));
out.noise = w.meanDifference(noisy(120, 1), noisy(120, 2));
out.noiseChanged = w.changed(noisy(120, 1), noisy(120, 2));
out.block = w.meanDifference(flat(120), withBlock(120, 30));
out.blockChanged = w.changed(flat(120), withBlock(120, 30));
out.sizes = w.meanDifference(flat(1), new Uint8Array(3));
out.backoff = [0, 1, 2, 3, 4, 5, 6, 20].map(w.backoffMs);

// An empty hall: the first look is sent; its answer (nobody) stands while the picture stays; a change is sent.
{
  let watch = w.freshWatch();
  const actions = [];
  for (let t = 0; t <= 60_000; t += 5_000) {
    const thumb = t < 40_000 ? noisy(120, t) : withBlock(120, 30);
    const step = w.decide(watch, thumb, t, true);
    watch = step.watch;
    actions.push(step.action);
    if (step.action === "send") watch = w.afterTry(watch, thumb, "nobody", t);
  }
  out.hall = actions;
}
// No picture to compare (the camera gives none yet): the server is asked, as before.
out.noThumb = w.decide(w.afterTry(w.freshWatch(), flat(1), "nobody", 0), null, 5_000, true).action;

// A scene that keeps moving with nobody at the kiosk (a screen, a flickering light): tries every 5 s, then 15 s,
// then 30 s; a look that finds the picture last sent gets its answer ("same").
{
  let watch = w.freshWatch();
  const sends = [];
  for (let t = 0; t <= 90_000; t += 5_000) {
    const thumb = t % 10_000 === 0 ? flat(40) : flat(200);
    const step = w.decide(watch, thumb, t, true);
    watch = step.watch;
    if (step.action === "send") { sends.push(t / 1000); watch = w.afterTry(watch, thumb, "nobody", t); }
  }
  out.moving = sends;
  out.movingCount = watch.nothingInARow;
  // The scene settles (a look as the one before), then moves (somebody arriving): sent at once, the backoff
  // started over.
  const still = w.decide(watch, flat(40), 95_000, true);
  out.stillAction = still.action;
  const arrival = w.decide(still.watch, withBlock(120, 30), 100_000, true);  // 10 s after the last try
  out.arrival = [arrival.action, arrival.watch.nothingInARow];
}
// Somebody answered (recorded, or sent to a manager): the backoff starts over; waiting for the frame to empty, an
// unchanged picture keeps the answer "somebody" without a look; a changed one is looked at; once seen empty, an
// unchanged picture stays empty without a look.
{
  let watch = w.freshWatch();
  for (let i = 0; i < 4; i += 1) watch = w.afterTry(watch, flat(i * 50), "nobody", i * 5_000);
  watch = w.afterTry(watch, flat(90), "somebody", 20_000);
  out.answered = [watch.nothingInARow, watch.sent.empty];
  const stays = w.decide(watch, flat(90), 40_000, false);
  const leaves = w.decide(stays.watch, flat(120), 45_000, false);
  const seenEmpty = w.afterLook(leaves.watch, flat(120), true, 45_000);
  const staysEmpty = w.decide(seenEmpty, flat(120), 50_000, false);
  out.waiting = [stays.action, stays.watch.sent.empty, leaves.action, staysEmpty.action, staysEmpty.watch.sent.empty];
}
// Somebody perhaps, nothing recorded (too dark, not live), and the picture never changes (a photo left on the
// stand): tried again once a minute, not at the backoff's pace forever.
{
  let watch = w.freshWatch();
  const sends = [];
  for (let t = 0; t <= 130_000; t += 5_000) {
    const step = w.decide(watch, flat(90), t, true);
    watch = step.watch;
    if (step.action === "send") { sends.push(t / 1000); watch = w.afterTry(watch, flat(90), "unchecked", t); }
  }
  out.unchecked = [sends, watch.sent.empty];
}
// A person who came in as a try found nobody (turned away) and then stands still, the picture a few levels off the
// one sent: looked at again within a minute, not never.
{
  let watch = w.afterTry(w.freshWatch(), flat(120), "nobody", 0);
  const sends = [];
  for (let t = 5_000; t <= 600_000; t += 5_000) {
    const step = w.decide(watch, noisy(124, t), t, true);
    watch = step.watch;
    if (step.action === "send") { sends.push(t / 1000); watch = w.afterTry(watch, noisy(124, t), "nobody", t); }
  }
  out.stillPerson = sends;
}
// The server throttles or fails every quiet try (429, 5xx: nothing known of the picture): the tries space out,
// 10 s, 20 s, 40 s, then a minute at most, armed or waiting for the frame to empty; a Retry-After longer than the
// step is honoured (capped); an answer starts it over.
{
  const spaced = (armed, retryAfterMs) => {
    let watch = w.freshWatch();
    const sends = [];
    for (let t = 0; t <= 240_000; t += 5_000) {
      const step = w.decide(watch, noisy(120, t), t, armed);  // the picture keeps changing: never "same"
      watch = step.watch;
      if (step.action === "send") { sends.push(t / 1000); watch = w.afterBusy(watch, t, retryAfterMs); }
    }
    return sends;
  };
  out.busy = spaced(true);
  out.busyLooks = spaced(false);
  out.busyRetryAfter = spaced(true, 90_000);
  out.busySteps = [0, 1, 2, 3, 4, 9].map((n) => w.busyBackoffMs(n));
  out.busyHeaderCapped = w.busyBackoffMs(1, 24 * 3600_000);
  let watch = w.afterBusy(w.afterBusy(w.freshWatch(), 0), 10_000);
  watch = w.afterTry(watch, flat(90), "nobody", 30_000);
  out.busyReset = [watch.busyInARow, w.decide(watch, flat(40), 35_000, true).action];
  // Three busy answers in a row (the next try 70 s after the first), then a press the server answered: the wait
  // ends at once, and the next busy answer waits 10 s again, not a minute.
  let pressed = w.afterBusy(w.afterBusy(w.afterBusy(w.freshWatch(), 0), 10_000), 30_000);
  const waited = w.decide(pressed, flat(40), 35_000, true).action;
  pressed = w.afterAnswer(pressed);
  const after = w.decide(pressed, flat(40), 35_000, true);
  out.pressAnswered = [waited, after.action, pressed.busyInARow, w.afterBusy(after.watch, 35_000).busyUntil];
}
// A head and shoulders filling an eighth of the picture, and a person in a dark hall: the mean moves little, many
// cells much: changed.
{
  const head = Uint8Array.from({ length: size }, (_, i) => (i < size / 8 ? 160 : 120));
  const dark = Uint8Array.from({ length: size }, (_, i) => (i < size * 0.3 ? 40 : 25));
  out.head = [w.meanDifference(flat(120), head), w.changed(flat(120), head)];
  out.dark = [w.meanDifference(flat(25), dark), w.changed(flat(25), dark)];
}
console.log(JSON.stringify(out));
"""

COMPILE = r"""
const ts = require(process.argv[1] + "/node_modules/typescript");
const fs = require("fs");
const source = fs.readFileSync(process.argv[1] + "/src/kiosk/watch.ts", "utf8");
const { outputText, diagnostics } = ts.transpileModule(source, { reportDiagnostics: true, compilerOptions: {
  module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } });
if (diagnostics.length) { console.error(JSON.stringify(diagnostics.map((d) => d.messageText))); process.exit(1); }
fs.writeFileSync(process.argv[2], outputText);
"""


@pytest.fixture(scope="module")
def watch_results(tmp_path_factory) -> dict:
    node = shutil.which("node")
    if node is None or not (WEB / "node_modules" / "typescript").is_dir():
        pytest.fail("node and web/node_modules are needed: run `make web`")
    folder = tmp_path_factory.mktemp("watch")
    subprocess.run([node, "-e", COMPILE, str(WEB), str(folder / "watch.mjs")], check=True, timeout=120)
    (folder / "scenarios.mjs").write_text(SCENARIOS)
    run = subprocess.run([node, str(folder / "scenarios.mjs")], check=True, capture_output=True, text=True,
                         timeout=60)
    return json.loads(run.stdout)


def test_a_picture_changed_only_when_much_of_it_did(watch_results):
    assert watch_results["grey"] == [255, 0, 76, 149]  # BT.601 luma of white, black, red, green
    assert watch_results["same"] == 0
    assert watch_results["noise"] <= 4 and watch_results["noiseChanged"] is False  # a camera's noise: no change
    assert watch_results["block"] > 20 and watch_results["blockChanged"] is True  # a third of the picture darker
    assert watch_results["sizes"] is None  # Infinity in JSON: thumbnails that cannot be compared differ


def test_an_empty_hall_is_sent_once_and_again_only_when_it_changes(watch_results):
    assert watch_results["hall"] == ["send"] + ["same"] * 7 + ["send"] + ["same"] * 4
    assert watch_results["noThumb"] == "send"


def test_changed_pictures_showing_nobody_back_off_until_somebody_arrives(watch_results):
    assert watch_results["backoff"] == [5000, 5000, 5000, 15000, 15000, 15000, 30000, 30000]
    assert watch_results["moving"] == [0, 5, 10, 25, 40, 55, 90]  # (85: the picture sent at 55 again, "same")
    assert watch_results["movingCount"] == 7
    assert watch_results["stillAction"] == "same"
    assert watch_results["arrival"] == ["send", 0]  # not the 30 s wait


def test_a_picture_refused_for_its_quality_that_never_changes_is_tried_again_once_a_minute(watch_results):
    assert watch_results["unchecked"] == [[0, 60, 120], False]  # a photo left on the stand: once a minute


def test_a_person_standing_still_after_a_try_found_nobody_is_looked_at_again_within_a_minute(watch_results):
    assert watch_results["stillPerson"] == [60 * n for n in range(1, 11)]


def test_a_head_in_an_eighth_of_the_picture_or_a_person_in_a_dark_hall_is_a_change(watch_results):
    assert watch_results["head"][0] <= 6 and watch_results["head"][1] is True  # the mean alone would miss it
    assert watch_results["dark"][0] <= 6 and watch_results["dark"][1] is True


def test_waiting_for_the_frame_to_empty_looks_only_at_a_changed_picture(watch_results):
    assert watch_results["answered"] == [0, False]
    assert watch_results["waiting"] == ["same", False, "send", "same", True]


def test_a_server_that_throttles_or_fails_the_quiet_tries_gets_them_spaced_out(watch_results):
    assert watch_results["busySteps"] == [0, 10_000, 20_000, 40_000, 60_000, 60_000]
    assert watch_results["busy"] == [0, 10, 30, 70, 130, 190]  # not every 5 s
    assert watch_results["busyLooks"] == watch_results["busy"]  # the looks for an empty frame alike
    assert watch_results["busyRetryAfter"] == [0, 90, 180]  # Retry-After: 90 s honoured, longer than the step
    assert watch_results["busyHeaderCapped"] == 10 * 60_000
    assert watch_results["busyReset"] == [0, "send"]  # an answer starts over: the next changed picture is sent


def test_a_press_the_server_answered_ends_the_wait_after_busy_answers(watch_results):
    # Only quiet tries used to start it over: after a recorded press, automatic mode still waited out its minute.
    assert watch_results["pressAnswered"] == ["wait", "send", 0, 45_000]
