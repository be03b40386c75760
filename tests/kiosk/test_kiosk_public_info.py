"""The kiosk's information screen shows procedures' code, time limit, fee and forms, and its
QR codes lead to the public page when the office has a public address."""

from __future__ import annotations

import pygame

from kiosk.flow import Phase
from kiosk.qr import PUBLIC_PAGE_CAPTION, links
from kiosk.screens.info import attachment_names, item_facts
from kiosk.screens.info_menu import kind_label
from lobby.public_info import PublicItem
from tests.helpers_documents import pdf_bytes
from tests.kiosk_driver import Driver, key

PDF = pdf_bytes()
TITLE = "Thủ tục đăng ký khai sinh (thử nghiệm)"


def add_procedure(store, published: bool = True) -> int:
    item_id = store.add_public_item(
        {
            "kind": "procedure",
            "title": TITLE,
            "code": "1.001193",
            "time_limit": "Ngay trong ngày làm việc",
            "fee": "Miễn lệ phí",
            "url": "https://dichvucong.gov.vn/p/1.001193",
            "published": published,
        }
    )
    store.add_public_file(item_id, "Tờ khai đăng ký khai sinh.pdf", PDF)
    return item_id


def open_item(kiosk: Driver, title: str):
    """Open the information screen, the procedures, then the item titled ``title``."""
    kiosk.step()
    kiosk.tap("Thông tin công khai")
    assert kiosk.app.phase is Phase.INFO
    screen = kiosk.app.screen
    kiosk.tap(kind_label("procedure"))
    for _ in range(screen.pages):
        if title in [b.label for b in screen.buttons]:
            kiosk.tap(title)
            return screen, screen.item_on(screen.page)
        kiosk.step(key(pygame.K_RIGHT))
    raise AssertionError(f"{title!r} is not on the information screen")


def test_a_procedure_published_in_the_admin_shows_after_the_loaders_refresh(make_app, store):
    kiosk = Driver(make_app(kiosk_toml='[admin]\npublic_url = "https://congkhai.example.vn/"'))
    kiosk.step()
    assert TITLE not in [i.title for i in kiosk.app.snapshot.public_items]
    item_id = add_procedure(store)
    kiosk.refresh()
    screen, item = open_item(kiosk, TITLE)
    assert item_facts(item).split("\n") == [
        "Mã thủ tục: 1.001193",
        "Thời hạn giải quyết: Ngay trong ngày làm việc",
        "Phí, lệ phí: Miễn lệ phí",
    ]
    assert attachment_names(item) == "Biểu mẫu: Tờ khai đăng ký khai sinh"
    assert links(item, screen.public_url) == [
        (PUBLIC_PAGE_CAPTION, f"https://congkhai.example.vn/cong-khai#muc-{item_id}")
    ]
    # The page drawn with the facts and forms differs from the same item without them.
    with_facts = screen._render_page(screen.page)
    screen.items[screen.items.index(item)] = PublicItem(
        kind=item.kind, title=item.title, id=item.id
    )
    screen.build()  # pages are planned when the screen is built
    bare = screen._render_page(screen.page)
    assert pygame.image.tobytes(with_facts, "RGBA") != pygame.image.tobytes(bare, "RGBA")


def test_without_a_public_address_the_qr_code_is_the_items_own_link(make_app, store):
    kiosk = Driver(make_app())
    add_procedure(store)
    add_procedure_hidden = store.add_public_item(
        {"kind": "procedure", "title": "Thủ tục chưa công bố", "published": False}
    )
    kiosk.refresh()
    screen, item = open_item(kiosk, TITLE)
    assert screen.public_url == ""
    assert links(item, screen.public_url) == [
        ("https://dichvucong.gov.vn/p/1.001193", "https://dichvucong.gov.vn/p/1.001193")
    ]
    assert add_procedure_hidden not in [i.id for i in screen.items], "unpublished stays off"


def test_contacts_keep_phone_and_email_codes_only():
    contact = PublicItem("contact", "Giám đốc", phone="0237 3850 001", email="gd@tinh.gov.vn", id=3)
    assert [data for _c, data in links(contact, "https://congkhai.example.vn")] == [
        "tel:02373850001",
        "mailto:gd@tinh.gov.vn",
    ]
    procedure = PublicItem("procedure", "Thủ tục", id=4)
    assert links(procedure, "") == []
    assert links(procedure, "https://congkhai.example.vn") == [
        (PUBLIC_PAGE_CAPTION, "https://congkhai.example.vn/cong-khai#muc-4")
    ]
