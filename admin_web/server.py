"""Serving the admin web with waitress, in the foreground or in a thread that can be stopped."""

from __future__ import annotations

import logging
import os
import threading
import time

from waitress import create_server, wasyncore
from waitress.trigger import trigger

from admin_web.app import close_app
from admin_web.context import EXTENSION
from admin_web.setup import display_host, setup_link_message, tls_notice
from lobby.heartbeat import HEARTBEAT_ENV, Heartbeat

log = logging.getLogger("admin_web")

# Jobs blueprints offer in app.extensions[JOBS_EXTENSION] (callables taking the app): run at start,
# then every JOB_INTERVAL_SECONDS while the server runs (e.g. follow-up cases and phone erasure).
JOBS_EXTENSION = "lobby_periodic_jobs"
JOB_INTERVAL_SECONDS = 3600.0
# The server's event loop counts as stuck (no heartbeat: lobby/heartbeat.py) when a call handed
# to it has not run for this long; it only ever waits one second on its sockets.
LOOP_STALL_SECONDS = 10.0


def run_jobs(app, stop: threading.Event, interval: float = JOB_INTERVAL_SECONDS) -> None:
    """Run the app's periodic jobs now and every ``interval`` seconds until ``stop`` is set."""
    while True:
        for job in list(app.extensions.get(JOBS_EXTENSION, [])):
            try:
                job(app)
            except Exception:  # noqa: BLE001  (one failing job must not stop the others)
                log.exception("periodic job failed")
        if stop.wait(interval):
            return


def proxy_options(app) -> dict:
    """Return waitress's trusted-proxy options from ``[admin] trusted_proxy`` (none if unset):
    only that address's X-Forwarded-* headers are believed, everyone else's are dropped."""
    state = getattr(app, "extensions", {}).get(EXTENSION)
    if state is None or not state.settings.admin.trusted_proxy:
        return {}
    admin = state.settings.admin
    return {
        "trusted_proxy": admin.trusted_proxy,
        "trusted_proxy_count": admin.trusted_proxy_count,
        "trusted_proxy_headers": " ".join(admin.trusted_proxy_headers.lower().split()),
        "log_untrusted_proxy_headers": True,
    }


class AdminServer:
    """A waitress server bound on creation: ``run()`` blocks until ``close()`` (from any thread).

    ``start()`` / ``is_alive()`` / ``stop()`` make it a service a supervisor can keep running.
    """

    def __init__(self, app, host: str, port: int, threads: int = 4) -> None:
        self.app = app
        self._server = create_server(
            app, host=host, port=port, threads=threads, ident="lobby-admin", **proxy_options(app)
        )
        self._map = getattr(self._server, "map", None) or self._server._map
        self._started = threading.Event()
        self._stopped = threading.Event()
        self._thread: threading.Thread | None = None
        self._jobs_stop = threading.Event()
        self._jobs: threading.Thread | None = None
        self._loop_seen = time.monotonic()  # when the event loop last ran a call we handed it

    @property
    def _many(self) -> bool:
        return not hasattr(self._server, "effective_port")

    @property
    def host(self) -> str:
        """Return the address actually listened on (the first one if several)."""
        return self._server.effective_listen[0][0] if self._many else self._server.effective_host

    @property
    def port(self) -> int:
        """Return the TCP port actually listened on (useful when port 0 was asked for)."""
        listen = self._server.effective_listen[0][1] if self._many else self._server.effective_port
        return int(listen)

    @property
    def url(self) -> str:
        """Return the address to open in a browser."""
        return f"http://{display_host(self.host)}:{self.port}/"

    def run(self) -> None:
        """Serve requests until close() is called."""
        self._started.set()
        if getattr(self.app, "extensions", {}).get(JOBS_EXTENSION) and self._jobs is None:
            self._jobs = threading.Thread(
                target=run_jobs, args=(self.app, self._jobs_stop), name="admin-jobs", daemon=True
            )
            self._jobs.start()
        heartbeat = self._heartbeat()
        try:
            self._server.run()
        finally:
            if heartbeat is not None:
                heartbeat.stop()
            self._jobs_stop.set()
            # Also after an unexpected error: free the port so a restart can bind it again.
            self._shutdown()
            self._stopped.set()

    def _heartbeat(self) -> Heartbeat | None:
        """Start beating for a supervisor (run_kiosk.py, systemd) if one listens: only while the
        event loop runs what is handed to it, so a hung loop is noticed and restarted."""
        if not os.environ.get(HEARTBEAT_ENV) and not os.environ.get("NOTIFY_SOCKET"):
            return None
        loop_trigger = next((d for d in list(self._map.values()) if isinstance(d, trigger)), None)
        if loop_trigger is None:
            return None

        def mark() -> None:
            self._loop_seen = time.monotonic()

        self._loop_seen = time.monotonic()
        return Heartbeat.from_environment(
            lambda: self._loop_seen,
            LOOP_STALL_SECONDS,
            before_beat=lambda: loop_trigger.pull_trigger(mark),
        ).start()

    def close(self, timeout: float = 10.0) -> None:
        """Stop serving: close the listening sockets, finish running requests, let run() return."""
        loop_trigger = next((d for d in list(self._map.values()) if isinstance(d, trigger)), None)
        if self._started.is_set() and not self._stopped.is_set() and loop_trigger is not None:
            # The event loop owns its sockets: ask it to close them from its own thread.
            loop_trigger.pull_trigger(self._shutdown)
            self._stopped.wait(timeout)
        else:
            self._shutdown()

    def _shutdown(self) -> None:
        self._server.task_dispatcher.shutdown()
        wasyncore.close_all(self._map, ignore_all=True)

    def start(self) -> AdminServer:
        """Serve from a background thread (logging the setup link while no admin exists)."""
        if EXTENSION in getattr(self.app, "extensions", {}):
            message = setup_link_message(self.app, port=self.port)
            if message:
                log.warning("%s", message)
            notice = tls_notice(self.app.extensions[EXTENSION].settings)
            if notice:
                log.warning("%s", notice)
        self._thread = threading.Thread(target=self.run, name="admin-web", daemon=True)
        self._thread.start()
        return self

    def is_alive(self) -> bool:
        """Return True while the background thread serves."""
        return self._thread is not None and self._thread.is_alive()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop serving, wait for the thread, and close the store the app opened itself."""
        self.close(timeout)
        if self._thread is not None:
            self._thread.join(timeout)
        self._jobs_stop.set()
        if self._jobs is not None:
            self._jobs.join(timeout)
        close_app(self.app)


def make_server(app, host: str, port: int, threads: int = 4) -> AdminServer:
    """Bind host:port and return a server to ``run()`` (e.g. in a thread) and later ``close()``."""
    return AdminServer(app, host, port, threads)


def serve(app, host: str, port: int) -> None:
    """Serve the admin web in the foreground until Ctrl+C."""
    server = make_server(app, host, port)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
