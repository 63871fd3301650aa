"""`letters` to Google: Docs uploaded to Drive through the fake, registered in the sheet, never made twice."""

import datetime as dt

import pytest

from kmsheets.errors import AccessError
from kmsheets.letters import issue_letters
from kmsheets.publishers.google import GooglePublisher
from workbooks import demo_grids

TODAY = dt.date(2026, 12, 1)


@pytest.fixture
def google(google_fake, config_for, google_backend, google_client):
    key = google_fake.create_spreadsheet("KM", demo_grids())
    folder = google_fake.drive_folder("letters")
    config = config_for(key, letters={"output": "google", "folder": folder}, google={"endpoint": google_fake.url})

    def run(**kwargs):
        return issue_letters(config, today=TODAY, backend=google_backend(key),
                             publisher=GooglePublisher(folder, google_client, concurrency=4), **kwargs)
    return key, run


def registry(fake, key):
    return fake.tab_values(key, "ทะเบียนหนังสือส่ง")[1:]


def test_letters_become_google_docs_registered_once(google_fake, google):
    key, run = google
    first = run()
    assert len(first.planned) == len(google_fake.drive_files()) > 5
    rows = registry(google_fake, key)
    assert [r[0] for r in rows][7:] == [p.needed.key for p in first.planned]
    assert all(r[8].startswith("https://docs.google.com/document/d/") for r in rows[7:])
    assert google_fake.count("files.list") == 1 and google_fake.count("values.append") == 1
    google_fake.clear_log()
    again = run()
    assert again.planned == [] and len(google_fake.drive_files()) == len(first.planned)
    assert google_fake.count("files.create") == 0


def test_an_interrupted_run_leaves_no_duplicate_and_no_gap(google_fake, google):
    key, run = google
    google_fake.fail_next(503, times=4, kind="values.append")  # every attempt at the registry write fails
    with pytest.raises(AccessError):
        run()
    made = len(google_fake.drive_files())
    assert made > 5 and len(registry(google_fake, key)) == 7
    rerun = run()
    assert len(google_fake.drive_files()) == made  # every document found again, none made twice
    numbers = [r[1] for r in registry(google_fake, key)]
    assert len(numbers) == len(set(numbers)) == 7 + len(rerun.planned)
    from kmsheets.plan import letter_serial
    assert sorted(letter_serial(n) for n in numbers) == list(range(1, len(numbers) + 1))


def test_an_upload_whose_answer_was_lost_is_not_made_twice(google_fake, google):
    key, run = google
    google_fake.drop_after_apply("files.create")
    result = run(activity_ids=["A21"])
    assert len(google_fake.drive_files()) == len(result.planned) == 2
