"""A new store starts with the plan's sign messages and the sample public information, once;
an existing store gets nothing added, and what an editor deletes never comes back."""

from __future__ import annotations

import threading

from admin_web import create_app
from admin_web.app import close_app
from lobby.public_info import DEFAULT_PATH, load_public_info
from lobby.slogans import FIVE_KNOWS, THREE_SHOWS, sign_texts
from lobby.store import Store, db
from lobby.store.seed import seed_new_store

SAMPLE_TITLES = [item.title for item in load_public_info(DEFAULT_PATH)]


def message_texts(store: Store) -> list[str]:
    """Return the texts of the store's sign messages in order."""
    return [m.text for m in store.list_sign_messages()]


def public_titles(store: Store) -> list[str]:
    """Return the titles of every public item, published or not."""
    return [i.title for i in store.list_public_items(published_only=False)]


def test_a_new_store_gets_the_slogans_as_ordinary_messages_and_the_sample_information_once(
    any_store,
):
    assert seed_new_store(any_store) is True
    messages = any_store.list_sign_messages()
    assert [m.text for m in messages] == list(sign_texts())
    assert all(m.enabled for m in messages)
    for slogan in (*FIVE_KNOWS, *THREE_SHOWS):
        assert any(slogan in text for text in message_texts(any_store)), slogan
    assert sorted(public_titles(any_store)) == sorted(SAMPLE_TITLES)

    assert seed_new_store(any_store) is False
    assert message_texts(any_store) == list(sign_texts())
    assert len(public_titles(any_store)) == len(SAMPLE_TITLES)


def test_seeded_messages_an_editor_changes_or_deletes_stay_as_the_editor_left_them(sqlite_url):
    store = Store.open(sqlite_url)
    seed_new_store(store)
    first, second = store.list_sign_messages()
    store.update_sign_message(first.id, text="Biết nghe dân nói trước", enabled=False)
    store.delete_sign_message(second.id)
    for item in store.list_public_items(published_only=False):
        store.delete_public_item(item.id)
    store.close()

    reopened = Store.open(sqlite_url)
    try:
        assert seed_new_store(reopened) is False
        (kept,) = reopened.list_sign_messages()
        assert (kept.text, kept.enabled) == ("Biết nghe dân nói trước", False)
        assert public_titles(reopened) == []
    finally:
        reopened.close()


def test_a_store_upgraded_from_the_previous_version_gets_nothing_added(sqlite_url):
    engine = db.make_engine(sqlite_url)
    try:
        db.upgrade(engine, "0009")
    finally:
        engine.dispose()
    old = Store.open(sqlite_url, migrate=False)
    old.add_sign_message("Chào mừng Ông/Bà")
    old.close()

    upgraded = Store.open(sqlite_url)
    try:
        assert db.current_revision(upgraded.engine) == db.head_revision()
        assert seed_new_store(upgraded) is False
        assert message_texts(upgraded) == ["Chào mừng Ông/Bà"]
        assert public_titles(upgraded) == []
    finally:
        upgraded.close()


def test_a_new_store_that_already_has_messages_keeps_them_and_gets_only_the_information(
    store,
):
    store.add_sign_message("Chào mừng Ông/Bà")
    assert seed_new_store(store) is True
    assert message_texts(store) == ["Chào mừng Ông/Bà"]
    assert sorted(public_titles(store)) == sorted(SAMPLE_TITLES)


def test_two_processes_opening_a_new_store_together_seed_it_once(sqlite_url):
    Store.open(sqlite_url).close()
    stores = [Store.open(sqlite_url) for _ in range(2)]
    results: list[bool] = []
    start = threading.Barrier(len(stores))

    def seed(store: Store) -> None:
        start.wait()
        results.append(seed_new_store(store))

    threads = [threading.Thread(target=seed, args=(s,)) for s in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    try:
        assert sorted(results) == [False, True]
        assert message_texts(stores[0]) == list(sign_texts())
        assert len(public_titles(stores[0])) == len(SAMPLE_TITLES)
    finally:
        for store in stores:
            store.close()


def test_the_admin_started_on_its_own_shows_the_sample_public_information(settings):
    app = create_app(settings, test_config={"TESTING": True})
    try:
        page = app.test_client().get("/cong-khai").get_data(as_text=True)
    finally:
        close_app(app)
    assert "Chưa có thông tin công khai." not in page
    assert any(title in page for title in SAMPLE_TITLES)
    store = Store.open(settings.store_url)
    try:
        assert message_texts(store) == list(sign_texts())
    finally:
        store.close()
