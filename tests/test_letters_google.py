"""`letters` to Google through the emulator: the registry is the ledger, and no Google Doc is made twice.

Numbers are reserved in the registry first, read back and settled with runs elsewhere; documents are made
after, found again by their key when an answer is lost (Drive's search lags behind), and a second copy is
moved to the trash. Every request goes through the real gspread client.
"""

import datetime as dt
import threading
from collections import Counter

import pytest
from google.auth.credentials import AnonymousCredentials

import kmsheets.letters
from kmsheets.backends.google import GoogleBackend
from kmsheets.config import parse_config
from kmsheets.errors import AccessError
from kmsheets.google_api import GoogleHTTPClient
from kmsheets.letters import issue_letters
from kmsheets.plan import letter_serial
from kmsheets.publishers.google import GooglePublisher
from kmsheets.retry import RetryPolicy
from kmsheets.sync import sync
from workbooks import demo_grids, demo_registry_rows

TODAY = dt.date(2026, 12, 1)
REGISTRY = "ทะเบียนหนังสือส่ง"
DEMO_ROWS = demo_registry_rows()


class FakeClock:
    """One clock for the emulator and the retry policy: a wait asked for moves it on, and nobody sleeps."""

    def __init__(self):
        self.now = 1000.0
        self.waits = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.waits.append(seconds)
        self.now += seconds


@pytest.fixture
def clock(google_fake):
    google_fake.clock = FakeClock()
    return google_fake.clock


@pytest.fixture
def google(google_fake, clock, tmp_path):
    key = google_fake.create_spreadsheet("KM", demo_grids())
    folder = google_fake.drive_folder("letters")
    return Google(google_fake, clock, tmp_path, key, folder)


class Google:
    def __init__(self, fake, clock, tmp_path, key, folder, language="th"):
        self.fake, self.clock, self.key, self.folder = fake, clock, key, folder
        self.config = parse_config({"language": language, "workbook": {"source": key},
                                    "sender": {"agency_id": "AG00", "prefix": "นศ ๐๐๑๗.๒", "signatory": "นายสมชาย"},
                                    "letters": {"output": "google", "folder": folder},
                                    "google": {"endpoint": fake.url}}, base=tmp_path, environ={})

    def client(self, attempts=4):
        return GoogleHTTPClient(AnonymousCredentials(), endpoint=self.fake.url, timeout=10,
                                policy=RetryPolicy(attempts=attempts, sleep=self.clock.sleep))

    def letters(self, attempts=4, today=TODAY, **kwargs):
        client = self.client(attempts)
        return issue_letters(self.config, today=today, backend=GoogleBackend(self.key, self.config.workbook, client),
                             publisher=GooglePublisher(self.folder, client, concurrency=4), **kwargs)

    def sync(self):
        return sync(self.config, today=TODAY, backend=GoogleBackend(self.key, self.config.workbook, self.client()))

    def registry(self):
        head, *rows = self.fake.tab_values(self.key, REGISTRY)
        return [dict(zip(head, row)) for row in rows if any(row)]

    def documents(self):
        """The letters kmsheets made in the folder and did not trash."""
        return [f for f in self.fake.drive_files() if self.folder in f["parents"] and not f["trashed"]
                and f["appProperties"].get("kmsheets") == "letter"]


def assert_sound(google):
    """Rows unique by key and number, numbers running without a gap, each new row linking the one document of
    its key, which carries the row's number."""
    rows = google.registry()
    keys, numbers = [r["รหัสอ้างอิง"] for r in rows], [r["เลขที่หนังสือ"] for r in rows]
    assert len(set(keys)) == len(keys) and len(set(numbers)) == len(numbers)
    assert sorted(letter_serial(n) for n in numbers) == list(range(1, len(numbers) + 1))
    documents = google.documents()
    assert set(Counter(d["appProperties"]["key"] for d in documents).values()) == {1}
    by_key = {d["appProperties"]["key"]: d for d in documents}
    for row in rows[DEMO_ROWS:]:
        document = by_key[row["รหัสอ้างอิง"]]
        assert row["เอกสาร"] == document["webViewLink"]
        assert document["appProperties"]["number"] == row["เลขที่หนังสือ"]
    assert set(by_key) == set(keys[DEMO_ROWS:])


def test_letters_become_google_docs_registered_once(google_fake, google):
    first = google.letters()
    assert len(first.planned) == len(google.documents()) > 5
    assert [r["รหัสอ้างอิง"] for r in google.registry()][DEMO_ROWS:] == [p.needed.key for p in first.planned]
    assert_sound(google)
    # Sheets: read; reserve (re-find, the facts of the demo's rows seen for the first time, append); read back;
    # link (re-find, write). Drive: the folder's drive, one listing, one upload a letter.
    assert [google_fake.count(kind) for kind in ("values.batchGet", "values.append", "values.batchUpdate",
                                                 "files.get", "files.list")] == [4, 1, 2, 1, 1]
    google_fake.clear_log()
    again = google.letters()
    assert again.planned == [] and google_fake.count("files.create") == 0
    assert google_fake.count(api="sheets") == 2  # titles and merges, one read: the facts were kept already


def test_dry_run_shows_the_numbers_the_run_gives(google):
    looked = google.letters(dry_run=True)
    made = google.letters()
    assert [(p.needed.key, p.number) for p in looked.planned] == [(p.needed.key, p.number) for p in made.planned]


def test_drive_rate_limits_and_429s_are_waited_out_and_every_letter_is_made_once(google_fake, google):
    calm = Google(google_fake, google.clock, google.config.base, google_fake.create_spreadsheet("KM", demo_grids()),
                  google_fake.drive_folder("calm"))
    expected = calm.letters()
    google_fake.random_faults(0.5, statuses=(429, 429, 429, (403, "userRateLimitExceeded"),
                                             (403, "rateLimitExceeded")), seed=3)
    result = google.letters(attempts=8)
    google_fake.random_faults(0.0)
    assert result.exit_code == 0
    assert [(p.needed.key, p.number) for p in result.planned] == [(p.needed.key, p.number) for p in expected.planned]
    assert_sound(google)
    assert sum(r.status == 403 for r in google_fake.requests) > 0


def test_a_real_403_still_says_to_share_and_is_not_retried(google_fake, google):
    google_fake.fail_next(403, times=1, kind="files.create")
    with pytest.raises(AccessError) as raised:
        google.letters()
    creates = [r.status for r in google_fake.requests if r.kind == "files.create"]
    assert raised.value.exit_code == 3 and creates.count(403) == 1  # sent once: a refusal is not retried
    assert len(creates) == len(google.registry()) - DEMO_ROWS  # the other uploads went on, each once
    assert "share it with the service account" in str(raised.value) and "run `kmsheets letters` again" in str(
        raised.value)
    assert "แชร์ให้อีเมลของบัญชีบริการ" in raised.value.in_language("th") and "share" not in raised.value.in_language(
        "th")


def test_an_upload_whose_answer_is_lost_while_the_search_lags_is_not_made_twice(google_fake, google):
    google_fake.list_lag = 3.0  # a new file shows in searches 3 s after it was made
    google_fake.drop_after_apply("files.create", times=3)
    result = google.letters(activity_ids=["A21", "A22"])
    assert len(google.documents()) == len(result.planned)
    assert_sound(google)
    assert sum(google.clock.waits) >= 3.0  # it looked again until the search caught up, on the fake clock
    google_fake.clear_log()
    google.letters()
    assert google_fake.count("files.update") == 0  # nothing to trash at the next run either


def test_a_second_document_of_a_letter_is_trashed_keeping_the_one_the_registry_links(google_fake, google):
    google.letters(activity_ids=["A21"])
    original = google.documents()[0]
    key = original["appProperties"]["key"]
    google_fake.files["doc-copy"] = {**original, "id": "doc-copy", "createdTime": "2020-01-01T00:00:00.000000Z",
                                     "webViewLink": "https://docs.google.com/document/d/doc-copy/edit"}
    google_fake.files["not-ours"] = {**original, "id": "not-ours", "appProperties": {"key": key}}
    google.letters()
    assert google_fake.files["doc-copy"]["trashed"] and not google_fake.files[original["id"]]["trashed"]
    assert not google_fake.files["not-ours"]["trashed"]  # a document kmsheets did not mark is never touched
    assert_sound(google)


def test_two_runs_on_different_computers_number_every_letter_once(google_fake, google, monkeypatch):
    """Both read the registry before either reserves: the row higher up keeps its key and number."""
    monkeypatch.setattr(kmsheets.letters, "workbook_lock", lambda source: _NoLock())  # locks on two computers
    everything = [p.needed.key for p in google.letters(dry_run=True).planned]
    both_read = threading.Barrier(2, timeout=60)  # generous: a loaded machine must not break it
    reads = Counter()

    def hold_until_both_read(request):
        if request.kind == "values.batchGet" and len(request.query.get("ranges", [])) == 4:
            reads[threading.get_ident()] += 1
            if reads[threading.get_ident()] == 1:
                both_read.wait()
    google_fake.on_request(hold_until_both_read)
    results = {}
    runs = [threading.Thread(target=lambda n=n, a=a: results.setdefault(n, google.letters(activity_ids=a)))
            for n, a in (("all", None), ("some", ["A21", "A22", "A23"]))]
    for run in runs:
        run.start()
    for run in runs:
        run.join(120)
    google_fake.clear_hooks()
    assert set(results) == {"all", "some"}
    made = [p.needed.key for r in results.values() for p in r.planned]
    assert sorted(made) == sorted(everything)  # every letter made, by one run or the other
    assert set(results["all"].given_up) | set(results["some"].given_up)
    assert_sound(google)


class _NoLock:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_last_years_documents_do_not_push_this_years_numbers(google_fake, google):
    for n in range(1, 113):
        google_fake.files[f"old{n}"] = {
            "id": f"old{n}", "name": f"2568-{n:04d}", "mimeType": "application/vnd.google-apps.document",
            "parents": [google.folder], "trashed": False, "createdTime": "2025-06-01T00:00:00.000000Z",
            "appProperties": {"kmsheets": "letter", "key": f"B{n:03d}/AG01", "number": f"นศ ๐๐๑๗.๒/{n}"},
            "webViewLink": f"https://docs.google.com/document/d/old{n}/edit"}
    looked = google.letters(dry_run=True)
    made = google.letters()
    assert letter_serial(made.planned[0].number) == DEMO_ROWS + 1
    assert [p.number for p in looked.planned] == [p.number for p in made.planned]


def test_a_shared_drive_is_searched_as_one_corpus(google_fake, clock, tmp_path):
    folder = google_fake.drive_folder("letters", shared_drive="0AShared")
    google = Google(google_fake, clock, tmp_path, google_fake.create_spreadsheet("KM", demo_grids()), folder)
    google.letters(activity_ids=["A21"])
    listing = next(r for r in google_fake.requests if r.kind == "files.list")
    assert listing.query["corpora"] == ["drive"] and listing.query["driveId"] == ["0AShared"]
    assert_sound(google)


def test_a_folder_kmsheets_cannot_see_names_drive_scope(google_fake, clock, tmp_path):
    google = Google(google_fake, clock, tmp_path, google_fake.create_spreadsheet("KM", demo_grids()), "missing")
    with pytest.raises(AccessError, match='drive_scope = "drive"') as raised:
        google.letters()
    assert raised.value.exit_code == 3


def test_interrupted_uploads_are_finished_by_the_next_run_under_the_reserved_numbers(google_fake, google):
    google_fake.fail_next(503, times=100, kind="files.create")
    with pytest.raises(AccessError, match="the numbers are reserved") as raised:
        google.letters()
    reserved = {r["รหัสอ้างอิง"]: r["เลขที่หนังสือ"] for r in google.registry()[DEMO_ROWS:]}
    assert reserved and all(r["เอกสาร"].startswith("⏳") for r in google.registry()[DEMO_ROWS:])
    assert "จองเลขไว้ในทะเบียนหนังสือส่งแล้ว" in raised.value.in_language("th")
    google_fake.clear_faults()
    rerun = google.letters()
    assert {p.needed.key: p.number for p in rerun.planned} == reserved
    assert_sound(google)


def test_a_google_doc_made_again_keeps_its_id_and_link(google_fake, google):
    """Issue 11 through Google: an unsent request whose day changed is updated in place, a sent one gets a
    notice, one upload each."""
    first = google.letters(activity_ids=["A21", "A22"])
    links = {p.key: p.link for p in first.published}
    a21, a22 = (next(p.needed for p in first.planned if p.needed.activity_id == a) for a in ("A21", "A22"))
    registry = google.registry()
    row_of = {r["รหัสอ้างอิง"]: n for n, r in enumerate(registry, start=2)}
    head = google_fake.tab_values(google.key, REGISTRY)[0]
    sent = chr(65 + head.index("วันที่ส่ง"))
    google_fake.set_values(google.key, REGISTRY, f"{sent}{row_of[a22.key]}", [["2/12/2569"]])
    schedule = google_fake.tab_values(google.key, "กำหนดการ")
    date = chr(65 + schedule[0].index("วันที่"))
    for n, row in enumerate(schedule[1:], start=2):
        if row[0] in ("A21", "A22"):
            google_fake.set_values(google.key, "กำหนดการ", f"{date}{n}", [["2027-01-15"]])
    google_fake.clear_log()
    second = google.letters()
    kinds = {p.needed.key: (p.needed.kind, p.needed.remake) for p in second.planned}
    assert kinds[a21.key] == ("request", True) and kinds[f"{a22.key}/C1"] == ("change", False)
    again = {p.key: p.link for p in second.published}
    assert again[a21.key] == links[a21.key]  # the same document, updated in place
    updated = [r for r in google_fake.requests if r.kind == "files.update"]
    assert len(updated) == sum(p.needed.remake for p in second.planned) and all(
        r.path.startswith("/upload/") for r in updated)
    assert google_fake.count("files.create") == sum(1 for p in second.planned if not p.needed.remake)
    assert google_fake.files[links[a21.key].split("/d/")[1].split("/")[0]]["revisions"] == 2
    assert google.letters().planned == []
    google.sync()
    assert google.sync().changes == []

def test_last_years_document_of_the_same_key_is_neither_overwritten_nor_trashed(google_fake, google):
    """Last year's sheet had an A21 too (ids restart with each year's workbook); its letter's Google Doc is
    still in the folder, unregistered in this year's sheet. This year's A21 letter must get a new document;
    last year's, a letter that went out, must stay as it was."""
    key = google.letters(dry_run=True).planned[0].needed.key
    google_fake.files["old"] = {
        "id": "old", "name": "2568-0007", "mimeType": "application/vnd.google-apps.document",
        "parents": [google.folder], "trashed": False, "createdTime": "2025-06-01T00:00:00.000000Z",
        "appProperties": {"kmsheets": "letter", "key": key, "number": "นศ ๐๐๑๗.๒/7"},
        "webViewLink": "https://docs.google.com/document/d/old/edit", "revisions": 1, "media": b"last year"}
    made = google.letters()
    assert {p.key: p.link for p in made.published}[key] != "https://docs.google.com/document/d/old/edit"
    assert google_fake.files["old"]["revisions"] == 1 and not google_fake.files["old"]["trashed"]
    assert google_fake.files["old"]["appProperties"]["number"] == "นศ ๐๐๑๗.๒/7"
