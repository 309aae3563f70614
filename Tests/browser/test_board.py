#!/usr/bin/env python3
"""The board in a real browser: headless Chromium (Playwright's sync API) against the real server.

It sets up a workspace of its own in a temporary folder (a store, four accounts, two heavy-rain
runs at warning level), starts `ilsa serve` on a free port of 127.0.0.1, and checks, as the
people who use the board would:

  - signed out, /board goes to the sign-in page;
  - a Singil dong head sees Singil's tasks and no other district's, acknowledges and completes
    one from the page, and the store records it under the dong head's account;
  - the board is live: the control tower's overview (and the dong head's own list) follows a
    change made on another screen or with the CLI in under a second, without a reload;
  - the control tower acknowledges an escalation, and a Choji dong head's page is not refreshed
    for it (the stream tells each page only what it shows);
  - the control tower decides an escalation with its option's button;
  - a playbook's text that carries HTML is shown as text, never as markup;
  - another district's page is 403 for a dong head;
  - at phone width (390 px) nothing scrolls sideways.

Run it with scripts/test-browser (which installs Chromium and Playwright first), or directly:

    ILSA_BINARY=.build/debug/ilsa python3 Tests/browser/test_board.py [NAME ...]

NAME picks tests by a part of their name. It prints one line a test and ends with
`N passed, M failed`; the status is 1 when any failed (130 or 143 when interrupted). It stops the server however it ends. Set
ILSA_KEEP=1 to keep the workspace (its store and the server's log) for a look afterwards.
"""
import atexit
import json
import os
import re
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

import browser  # noqa: E402  (Tests/browser/browser.py)
from playwright.sync_api import sync_playwright  # noqa: E402

#: The binary under test: ILSA_BINARY (a relative path is from the current folder), else the debug build.
BINARY = str(Path(os.environ["ILSA_BINARY"]).resolve()) if os.environ.get("ILSA_BINARY") else str(ROOT / ".build" / "debug" / "ilsa")
PASSWORD = "a-long-password-1"
#: How soon a change must show on a page that is open elsewhere, in seconds.
LIVE_LIMIT = 1.0
#: Playwright's wait for anything, in ms: a failure is reported in seconds, not half a minute.
WAIT_MS = 5_000

TOWER = "sitroom"          # CITY.SITROOM: the control tower
DONG = "신길동장"           # DONG.HEAD in singil (a Korean name: forms and the store keep UTF-8)
CHOJI_DONG = "choji-dong"  # DONG.HEAD in choji
CHAIR = "singil-chair"     # DIST.CHAIR of singil
ACCOUNTS = [
    (TOWER, ["--role", "CITY.SITROOM"]),
    (DONG, ["--role", "DONG.HEAD", "--district", "singil"]),
    (CHOJI_DONG, ["--role", "DONG.HEAD", "--district", "choji"]),
    (CHAIR, ["--role", "DIST.CHAIR", "--district", "singil"]),
]

# The task title of the markup test, and a tiny playbook that carries HTML in every text a
# person reads on the board: the playbook's title, a log line, a task's title, detail and
# checklist, an escalation's reason and options.
MARKUP_TITLE = '<img src=x onerror="window.__xss=1">경보 <b>bold</b>'
MARKUP_PLAYBOOK = r'''-- 표시 점검 (markup): a playbook whose words carry HTML, so the board's browser test can see them
-- shown as text, never as markup. Not a real playbook: Tests/browser/test_board.py writes it into
-- its own workspace and starts it there.

return ilsa.workflow {
  name = "markup",
  title = "<i>표시</i> 점검 — markup <script>window.__xss=2</script>",
  tags = { "test" },
  params = {
    { name = "district", type = "district", default = "singil", summary = "the district whose dong head gets the task" },
  },
  run = function(ctx)
    ilsa.log('<img src=x onerror="window.__xss=3"> 로그 log')
    local task = ilsa.task {
      title = '<img src=x onerror="window.__xss=1">경보 <b>bold</b>',
      assignee = { role = "DONG.HEAD", district = ctx.params.district }, due = "1h",
      detail = '<img src=x onerror="window.__xss=4"> 상세 detail',
      checklist = { "<b>하나</b> one", '<img src=x onerror="window.__xss=5">' },
    }
    ilsa.escalate {
      to = "control_tower", severity = "caution", reason = '<img src=x onerror="window.__xss=6"> 사유 reason',
      options = { "<b>go</b>", "hold" },
    }:wait()
    task:wait()
  end,
}
'''


class Workspace:
    """A temporary store with accounts and runs, the `ilsa` binary to act on it, and the server."""

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="ilsa-board-test-"))
        self.env = {
            **os.environ,
            "ILSA_STORE": str(self.folder / "store.sqlite"),
            "ILSA_ROSTER": str(ROOT / "plugins" / "ansan" / "roster.lua"),
            "ILSA_PLUGIN_PATH": str(ROOT / "plugins"),
            "NO_COLOR": "1",
        }
        self.server = None
        self.url = None
        self.log = self.folder / "serve.log"

    def ilsa(self, *args, stdin=None):
        """Runs the binary in the project folder; its standard output, or an error saying why not."""
        done = subprocess.run([BINARY, *args], cwd=ROOT, env=self.env, input=stdin, capture_output=True,
                              text=True, timeout=60)
        if done.returncode != 0:
            raise AssertionError(f"ilsa {' '.join(args)} exited {done.returncode}: {done.stderr.strip()}")
        return done.stdout

    def json(self, *args):
        return json.loads(self.ilsa(*args, "--json"))

    def start_run(self, playbook, *params):
        """Starts a run (detached) and returns its id."""
        args = ["run", playbook, "--detach"]
        for param in params:
            args += ["--param", param]
        return self.ilsa(*args).split()[0]

    def task(self, run, assignee, title_part=""):
        """The id of a run's task for an assignee ("DONG.HEAD singil") whose title contains a part."""
        found = [t["id"] for t in self.json("tasks", "--all", "--run", run)
                 if t["assignee"] == assignee and title_part in t["title"]]
        assert found, f"run {run} has no task for {assignee} with '{title_part}'"
        return found[0]

    def serve(self):
        """Starts `ilsa serve` on a free port and waits for its `listening on` line."""
        log = open(self.log, "w")
        self.server = subprocess.Popen(
            [BINARY, "serve", "--port", "0", "--workflows", str(ROOT / "workflows")], cwd=ROOT, env=self.env,
            stdout=subprocess.PIPE, stderr=log, text=True)
        log.close()
        with selectors.DefaultSelector() as selector:
            selector.register(self.server.stdout, selectors.EVENT_READ)
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                if self.server.poll() is not None:
                    break
                if selector.select(timeout=0.2):
                    line = self.server.stdout.readline()
                    match = re.search(r"listening on (http://127\.0\.0\.1:\d+)", line)
                    if match:
                        self.url = match.group(1)
                        return self.url
        raise AssertionError(f"ilsa serve did not start: {self.log.read_text()[-2000:]}")

    def stop(self):
        """Stops the server (SIGTERM, then SIGKILL after 5 s); safe to call again."""
        server, self.server = self.server, None
        if server is None or server.poll() is not None:
            return
        server.terminate()
        try:
            server.wait(timeout=5)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()

    def remove(self):
        if os.environ.get("ILSA_KEEP"):
            print(f"workspace kept: {self.folder}")
        else:
            shutil.rmtree(self.folder, ignore_errors=True)


class Board:
    """What every test shares: the workspace, its runs, the browser and the signed-in pages."""

    def __init__(self, workspace, chromium):
        self.ws = workspace
        self.browser = chromium
        self.url = workspace.url
        self.contexts = []
        self.pages = {}
        self.live_timings = []

    def context(self, width=390):
        context = browser.new_context(self.browser, width=width)
        context.set_default_timeout(WAIT_MS)
        self.contexts.append(context)
        return context

    def sign_in(self, name, width=390, next_path="/board"):
        """A new browser context signed in as an account, on `next_path`."""
        page = self.context(width).new_page()
        page.goto(f"{self.url}/login?next={next_path}")
        page.fill("input[name=name]", name)
        page.fill("input[name=password]", PASSWORD)
        with page.expect_navigation():
            page.click("button[type=submit]")
        assert page.url == self.url + next_path, f"signed in as {name}, landed on {page.url}"
        return page

    def page(self, name, width=390):
        """The one page of an account the tests share (signed in once, on /board)."""
        if name not in self.pages:
            self.pages[name] = self.sign_in(name, width)
        return self.pages[name]

    def close(self):
        for context in self.contexts:
            context.close()


# --- helpers ------------------------------------------------------------------------------------

def live_connected(page):
    """Waits until the page's live stream is open (board.js marks the body).

    Every wait_for_function here is given an arrow function, never a bare expression: Playwright
    polls a bare expression with eval, which the board's content security policy refuses."""
    page.wait_for_function("() => document.body.dataset.live === 'connected'")


def settle(page, quiet=0.4, limit=4.0):
    """Waits until the page has not refreshed itself for `quiet` seconds (at most `limit`)."""
    end = time.monotonic() + limit
    last = page.get_attribute("main#live", "data-updated")
    since = time.monotonic()
    while time.monotonic() < end:
        time.sleep(0.05)
        now = page.get_attribute("main#live", "data-updated")
        if now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return


def open_count(page, district):
    """The tower overview's open-task count for a district, as shown."""
    return page.inner_text(f'table.districts tr:has(a[href="/board/districts/{district}"]) td.n >> nth=0').strip()


def wait_for_open_count(page, district, other_than):
    """Waits for a district's open count to change, without a reload; returns when it did."""
    page.wait_for_function(
        """([district, before]) => {
            const cell = document.querySelector(`table.districts a[href="/board/districts/${district}"]`)
                ?.closest('tr')?.querySelector('td.n');
            return cell && cell.textContent.trim() !== before;
        }""", arg=[district, other_than], polling="raf", timeout=WAIT_MS)
    return time.time()


def updated_at(page):
    """When board.js last refreshed the page (its Date.now(), in seconds), or None."""
    value = page.get_attribute("main#live", "data-updated")
    return int(value) / 1000 if value else None


def task_card(page, task):
    return page.locator(f'li.task[id="task-{task}"]')


def assignees(page):
    """The assignee of every task card on a page: the second part of the card's meta line."""
    lines = page.locator("ul.tasks li.task div.meta").all_inner_texts()
    return [line.split(" · ")[1].strip() for line in lines]


def no_scroll(page, width=390):
    sizes = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert sizes[0] <= width, f"{page.url}: scrollWidth {sizes[0]} > {width} (clientWidth {sizes[1]})"


def record(board, what, seconds):
    board.live_timings.append((what, seconds))
    print(f"      live: {what}: {seconds * 1000:.0f} ms")


# --- the tests, in order (later ones build on earlier ones' changes) --------------------------------

def test_signed_out_goes_to_sign_in(board):
    page = board.context().new_page()
    response = page.goto(f"{board.url}/board")
    assert page.url == f"{board.url}/login?next=%2Fboard", page.url
    first = response.request.redirected_from
    assert first is not None and first.url == f"{board.url}/board", "no redirect from /board"
    assert first.response().status in (302, 303), f"/board answered {first.response().status}"
    assert page.locator("form.signin button[type=submit]").inner_text().strip() == "로그인 Sign in"
    assert page.get_attribute("main#live", "data-live") == "off"


def test_dong_head_sees_only_singil(board):
    page = board.page(DONG)
    assert "내 업무" in page.inner_text("h1")
    assert DONG in page.inner_text("nav.top .who")
    shown = assignees(page)
    assert shown, "no tasks on the dong head's board"
    assert all("singil" in a for a in shown), f"assignees not all Singil: {shown}"
    assert not any("choji" in a for a in shown), f"a Choji task on Singil's board: {shown}"
    assert "choji" not in page.inner_text("main").lower()
    expected = {t["id"] for t in board.ws.json("tasks", "--district", "singil", "--assignee", "DONG.HEAD")}
    ids = {i.removeprefix("task-") for i in page.locator("ul.tasks li.task").evaluate_all("l => l.map(e => e.id)")}
    assert ids == expected, f"the board shows {sorted(ids)}, the store has {sorted(expected)}"


def test_dong_head_acknowledges_and_completes(board):
    page = board.page(DONG)
    task = board.households  # 반지하 취약가구 연락·대피 안내, DONG.HEAD singil
    card = task_card(page, task)
    assert card.locator(".state").inner_text() == "대기 open"
    with page.expect_navigation():
        card.locator("button.ack").click()
    assert page.url == f"{board.url}/board"
    assert task_card(page, task).locator(".state").inner_text() == "확인 acknowledged"
    assert task_card(page, task).locator("button.ack").count() == 0, "an acknowledged task still offers Acknowledge"
    stored = next(t for t in board.ws.json("tasks", "--all") if t["id"] == task)
    assert (stored["state"], stored["updated_by"]) == ("acknowledged", DONG), stored

    with page.expect_navigation():
        task_card(page, task).locator("button.done").click()
    assert task_card(page, task).count() == 0, "a done task is still among the open ones"
    page.goto(f"{board.url}/board/tasks/{task}")
    assert page.inner_text("dd.state") == "완료 done"
    history = page.inner_text("ol.history")
    assert "ack" in history and "done" in history and DONG in history, history
    assert page.locator("div.actions button").count() == 0, "a done task still has buttons"
    stored = next(t for t in board.ws.json("tasks", "--all") if t["id"] == task)
    assert (stored["state"], stored["updated_by"]) == ("done", DONG), stored
    page.goto(f"{board.url}/board")


def test_dong_heads_list_follows_the_cli(board):
    """The dong head's own list changes when the CLI acknowledges one of its tasks."""
    page = board.page(DONG)
    task = board.spots  # 침수 우려 지역 순찰·빗물받이 점검
    live_connected(page)
    settle(page)
    state = task_card(page, task).locator(".state")
    assert state.inner_text() == "대기 open"
    board.ws.ilsa("task", "ack", task, "--by", "cli-officer")
    done = time.time()
    page.wait_for_function(
        "id => document.getElementById('task-' + id)?.querySelector('.state')?.textContent === '확인 acknowledged'",
        arg=task, polling="raf")
    seen = time.time() - done
    record(board, "CLI ack (exited) → dong head's list, seen by the test", seen)
    assert seen < LIVE_LIMIT, f"the dong head's list took {seen:.2f} s"


def test_tower_follows_the_dong_head(board):
    """The tower's overview changes when the dong head completes a task on another screen."""
    tower = board.page(TOWER, width=1280)
    dong = board.page(DONG)
    live_connected(tower)
    settle(tower)
    settle(dong)
    before = open_count(tower, "singil")
    reload_marker = tower.evaluate("window.__notReloaded = true")  # gone if the page reloads
    assert reload_marker is True
    button = task_card(dong, board.spots).locator("button.done")
    button.wait_for()
    # Timed from the click, so the form's own round trip counts too: an upper bound.
    clicked = time.time()
    with dong.expect_response(lambda r: r.request.method == "POST" and "/board/tasks/" in r.url) as posted:
        button.click()
    answered = time.time()
    assert posted.value.status == 303, f"the Complete form answered {posted.value.status}"
    seen = wait_for_open_count(tower, "singil", before) - clicked
    refreshed = updated_at(tower)
    record(board, "dong head's Complete (click) → tower overview, seen by the test", seen)
    record(board, "dong head's Complete (click) → board.js refresh done", refreshed - clicked)
    record(board, "dong head's Complete (form answered) → board.js refresh done", refreshed - answered)
    assert tower.evaluate("window.__notReloaded") is True, "the tower's page reloaded"
    assert int(open_count(tower, "singil")) == int(before) - 1, (before, open_count(tower, "singil"))
    assert seen < LIVE_LIMIT, f"the tower's overview took {seen:.2f} s"
    stored = next(t for t in board.ws.json("tasks", "--all") if t["id"] == board.spots)
    assert (stored["state"], stored["updated_by"]) == ("done", DONG), stored


def test_tower_follows_the_cli(board):
    """The tower's overview changes when the CLI completes a task (another process's commit)."""
    tower = board.page(TOWER, width=1280)
    live_connected(tower)
    settle(tower)
    before = open_count(tower, "choji")
    board.ws.ilsa("task", "done", board.choji_households, "--by", "cli-officer")
    done = time.time()
    seen = wait_for_open_count(tower, "choji", before) - done
    refreshed = updated_at(tower) - done
    record(board, "CLI done (exited) → tower overview, seen by the test", seen)
    record(board, "CLI done (exited) → board.js refresh done", refreshed)
    assert int(open_count(tower, "choji")) == int(before) - 1
    assert tower.evaluate("window.__notReloaded") is True, "the tower's page reloaded"
    assert seen < LIVE_LIMIT, f"the tower's overview took {seen:.2f} s"


def test_tower_acknowledges_and_choji_stays_still(board):
    """The tower acknowledges Singil's escalation from the board; a Choji dong head's page, which
    shows nothing of it, is not refreshed for it (its stream says nothing to Choji)."""
    tower = board.page(TOWER, width=1280)
    choji = board.page(CHOJI_DONG)
    live_connected(choji)
    settle(tower)
    settle(choji)
    fetches = []
    choji.on("request", lambda r: fetches.append(r.url) if r.resource_type == "fetch" else None)
    before = choji.get_attribute("main#live", "data-updated")
    run = board.singil_run
    item = tower.locator("ul.queue li.escalation").filter(has=tower.locator(f'a[href="/board/runs/{run}"]'))
    with tower.expect_navigation():
        item.locator("button.secondary", has_text="확인 Acknowledge").click()
    assert item.locator(".tag").inner_text() == "확인됨 acknowledged"
    assert item.locator("button.decide").count() == 3, "an acknowledged escalation must still be decidable"
    stored = next(e for e in board.ws.json("escalations", "--all") if e["run"] == run)
    assert stored["state"] == "acknowledged", stored
    time.sleep(LIVE_LIMIT)
    assert choji.get_attribute("main#live", "data-updated") == before and not fetches, (
        f"Choji's page refreshed for Singil's escalation: {fetches}")


def test_tower_decides_an_escalation(board):
    tower = board.page(TOWER, width=1280)
    settle(tower)
    run = board.singil_run
    item = tower.locator("ul.queue li.escalation").filter(has=tower.locator(f'a[href="/board/runs/{run}"]'))
    assert item.count() == 1, f"{item.count()} escalations of run {run} in the queue"
    queued = int(tower.inner_text("section:has(ul.queue) h2 .count"))
    options = item.locator("button.decide").all_inner_texts()
    assert options == ["evacuate_low_areas", "open_shelters", "hold"], options
    with tower.expect_navigation():
        item.locator("button.decide", has_text="open_shelters").click()
    assert tower.url == f"{board.url}/board"
    assert item.count() == 0, "the decided escalation is still in the queue"
    assert int(tower.inner_text("section:has(ul.queue) h2 .count")) == queued - 1
    decided = [e for e in board.ws.json("escalations", "--all") if e["run"] == run]
    assert len(decided) == 1, decided
    assert (decided[0]["state"], decided[0]["decision"], decided[0]["by"]) == ("decided", "open_shelters", TOWER), decided[0]


def test_markup_is_shown_as_text(board):
    playbook = board.ws.folder / "markup.lua"
    playbook.write_text(MARKUP_PLAYBOOK)
    run = board.ws.start_run(str(playbook))
    task = board.ws.task(run, "DONG.HEAD singil")
    pages = []

    dong = board.page(DONG)
    dong.goto(f"{board.url}/board")
    link = dong.locator(f'li.task[id="task-{task}"] .head a')
    assert link.inner_text() == MARKUP_TITLE, link.inner_text()
    assert dong.locator("ul.tasks img").count() == 0, "an <img> in the task list"
    assert link.locator("b").count() == 0, "a <b> in the task's title"
    pages.append(dong)

    detail = board.sign_in(DONG, next_path=f"/board/tasks/{task}")
    assert detail.inner_text("h1") == MARKUP_TITLE
    assert detail.title().startswith(MARKUP_TITLE)
    assert detail.inner_text("p.detail") == '<img src=x onerror="window.__xss=4"> 상세 detail'
    assert detail.locator("ol.checklist li").all_inner_texts() == ["<b>하나</b> one", '<img src=x onerror="window.__xss=5">']
    pages.append(detail)

    tower = board.sign_in(TOWER, width=1280, next_path=f"/board/runs/{run}")
    assert "<script>window.__xss=2</script>" in tower.inner_text("h1")
    timeline = tower.inner_text("ol.history")
    assert '<img src=x onerror="window.__xss=3"> 로그 log' in timeline and MARKUP_TITLE in timeline, timeline
    pages.append(tower)

    overview = board.page(TOWER, width=1280)
    overview.goto(f"{board.url}/board")
    item = overview.locator("ul.queue li.escalation").filter(has=overview.locator(f'a[href="/board/runs/{run}"]'))
    assert item.locator("p.reason").inner_text() == '<img src=x onerror="window.__xss=6"> 사유 reason'
    assert item.locator("button.decide").all_inner_texts() == ["<b>go</b>", "hold"]
    assert "<i>표시</i> 점검" in overview.inner_text("table.runs")
    pages.append(overview)

    for page in pages:
        assert page.evaluate("typeof window.__xss") == "undefined", f"{page.url}: window.__xss was set"
        for tag in ("img", "script", "i"):
            count = page.locator(f"main#live {tag}").count()
            assert count == 0, f"{page.url}: {count} <{tag}> in the page"
        # The board's own <b> (a history entry's action) is fine; none may come from the playbook.
        bold = page.locator(".head a b, h1 b, p.reason b, p.detail b, button b, ol.checklist b, table b").count()
        assert bold == 0, f"{page.url}: a <b> from the playbook"


def test_other_district_is_forbidden(board):
    dong = board.page(DONG)
    response = dong.goto(f"{board.url}/board/districts/choji")
    assert response.status == 403, f"/board/districts/choji answered {response.status} to a Singil dong head"
    assert dong.inner_text("h1").startswith("403")
    choji_task = board.choji_spots
    response = dong.goto(f"{board.url}/board/tasks/{choji_task}")
    assert response.status == 403, f"Choji's task {choji_task} answered {response.status} to a Singil dong head"
    response = dong.goto(f"{board.url}/board/runs/{board.singil_run}")
    assert response.status == 403, f"a run's timeline answered {response.status} to a dong head"
    chair = board.sign_in(CHAIR)
    assert chair.inner_text("h1").startswith("신길"), chair.inner_text("h1")
    assert chair.goto(f"{board.url}/board/districts/singil").status == 200
    assert chair.goto(f"{board.url}/board/districts/choji").status == 403
    dong.goto(f"{board.url}/board")


def test_phone_width_has_no_sideways_scroll(board):
    dong = board.page(DONG)
    dong.goto(f"{board.url}/board")
    assert dong.viewport_size["width"] == 390
    assert dong.locator("ul.tasks li.task").count() > 0
    no_scroll(dong)
    dong.goto(f"{board.url}/board/tasks/{board.households}")
    no_scroll(dong)
    chair = board.sign_in(CHAIR)
    no_scroll(chair)


TESTS = [
    test_signed_out_goes_to_sign_in,
    test_dong_head_sees_only_singil,
    test_dong_head_acknowledges_and_completes,
    test_dong_heads_list_follows_the_cli,
    test_tower_follows_the_dong_head,
    test_tower_follows_the_cli,
    test_tower_acknowledges_and_choji_stays_still,
    test_tower_decides_an_escalation,
    test_markup_is_shown_as_text,
    test_other_district_is_forbidden,
    test_phone_width_has_no_sideways_scroll,
]


def set_up(workspace):
    """Accounts, two heavy-rain runs at warning level, and the server."""
    for name, args in ACCOUNTS:
        workspace.ilsa("users", "add", name, *args, stdin=PASSWORD + "\n")
    runs = {d: workspace.start_run("heavy_rain", f"district={d}", "level=warning") for d in ("singil", "choji")}
    workspace.serve()
    return runs


class Stopped(BaseException):
    """SIGTERM: unwinds like Ctrl-C, through the finally that stops the server."""


def quietly(close):
    try:
        close()
    except Exception:  # noqa: BLE001  (a browser already gone, after Ctrl-C)
        pass


def main(selected):
    started = time.monotonic()
    workspace = Workspace()
    atexit.register(workspace.stop)

    def stop(*_):
        raise Stopped()
    signal.signal(signal.SIGTERM, stop)
    passed = failed = 0
    status = None
    try:
        if not os.access(BINARY, os.X_OK):
            raise AssertionError(f"no ilsa binary at {BINARY}: build it, or set ILSA_BINARY")
        runs = set_up(workspace)
        print(f"ilsa serve at {workspace.url} (workspace {workspace.folder})")
        with sync_playwright() as playwright:
            chromium = browser.launch(playwright)
            board = Board(workspace, chromium)
            board.singil_run, board.choji_run = runs["singil"], runs["choji"]
            board.households = workspace.task(runs["singil"], "DONG.HEAD singil", "반지하")
            board.spots = workspace.task(runs["singil"], "DONG.HEAD singil", "침수")
            board.choji_households = workspace.task(runs["choji"], "DONG.HEAD choji", "반지하")
            board.choji_spots = workspace.task(runs["choji"], "DONG.HEAD choji", "침수")
            try:
                for test in TESTS:
                    if selected and not any(s in test.__name__ for s in selected):
                        continue
                    begin = time.monotonic()
                    try:
                        test(board)
                        passed += 1
                        print(f"ok    {test.__name__} ({time.monotonic() - begin:.1f} s)", flush=True)
                    except Exception as error:  # noqa: BLE001  (every failure is reported, and the rest go on)
                        failed += 1
                        print(f"FAIL  {test.__name__} ({time.monotonic() - begin:.1f} s): {error}")
                        traceback.print_exc(limit=3, file=sys.stdout)
            finally:
                quietly(board.close)
                quietly(chromium.close)
    except (KeyboardInterrupt, Stopped) as stopped:
        failed += 1
        status = 130 if isinstance(stopped, KeyboardInterrupt) else 143
        print("FAIL  interrupted: the remaining tests did not run")
    except Exception as error:  # noqa: BLE001  (setting up failed: one failure, and say why)
        failed += 1
        print(f"FAIL  setting up: {error}")
        traceback.print_exc(limit=3, file=sys.stdout)
    finally:
        workspace.stop()
        if failed and workspace.log.exists():
            tail = workspace.log.read_text()[-1500:].strip()
            if tail:
                print("ilsa serve said:\n" + tail)
        workspace.remove()
    print(f"({time.monotonic() - started:.1f} s)")
    print(f"{passed} passed, {failed} failed")
    return status or (1 if failed else 0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
