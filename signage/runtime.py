"""Starting the sign side of the product: the service, and a simulated board when no port is set."""

from __future__ import annotations

import logging

from lobby.store import StoreError
from lobby.store.sign import SIMULATED_SIGN_ID
from signage.items import BoardProfile
from signage.protocols import protocol_options
from signage.service import SignService, board_profile
from signage.simulator import OnChange, PtyBoard, simulated_profile

log = logging.getLogger(__name__)


def describe(texts: list[str]) -> str:
    """Return a one-line description of what a board shows."""
    return " | ".join(texts) if texts else "(blank)"


def board_recorder(store, sign_id: str = SIMULATED_SIGN_ID) -> OnChange:
    """Return an on_change handler that logs what the simulated board shows and stores it."""

    def record(texts: list[str], frames_ok: int, frames_bad: int) -> None:
        log.info("Simulated board shows: %s", describe(texts))
        try:
            store.set_board_view(texts, frames_ok, frames_bad, sign_id)
        except StoreError as exc:
            log.warning("Cannot record the simulated board's view: %s", exc)

    return record


def simulated_board(settings, store, board: BoardProfile | None = None) -> PtyBoard:
    """Return a started simulated board of the configured protocol, recorded in store; its
    profile is ``board``, else the configured one."""
    name = settings.sign.protocol
    return PtyBoard(
        on_change=board_recorder(store),
        protocol=name,
        board=board or board_profile(settings),
        options=protocol_options(settings, name),
    ).start()


class SignRuntime:
    """The running sign service and, when simulated, its board; ``stop()`` ends both."""

    def __init__(self, service: SignService, board: PtyBoard | None) -> None:
        self.service = service
        self.board = board

    @property
    def port(self) -> str:
        """Return the port the service writes to (the pty's path when simulated)."""
        return self.service.port

    @property
    def simulated(self) -> bool:
        """Tell whether the board is the simulator."""
        return self.board is not None

    def is_alive(self) -> bool:
        """Tell whether the service (and the simulated board, if any) is still running."""
        return self.service.running and (self.board is None or self.board.running)

    def stop(self) -> None:
        """Stop the service, then the simulated board (the store stays open: it is the caller's)."""
        self.service.stop()
        if self.board is not None:
            self.board.stop()


def start_sign(settings, store) -> SignRuntime:
    """Start the sign service on ``settings.sign.port``, or on a simulated board if it is empty.

    The service runs in a daemon thread and never raises into the caller once started; its status
    (per sign: the configured port, or "simulated") is kept in the store.
    """
    board = None
    profile = None  # the configured board's, unless simulated
    port = settings.sign.port
    sign_id = port
    if not port:
        profile = simulated_profile(settings)
        board = simulated_board(settings, store, profile)
        port, sign_id = board.port, SIMULATED_SIGN_ID
        try:
            store.set_board_view([], 0, 0, sign_id)
        except StoreError as exc:
            log.warning("Cannot record the simulated board's view: %s", exc)
        log.info("No sign port configured: simulated board on %s", port)
    service = SignService(store, settings, port=port, sign_id=sign_id, board=profile).start()
    return SignRuntime(service, board)
