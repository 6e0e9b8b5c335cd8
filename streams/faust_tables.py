"""`TablelessManager`: Faust's table manager for an app that declares no table (Holdline's workers).

Faust's `TableManager.on_start` sleeps one second before registering the tables' changelog channels, to
give agents time to declare tables; the conductor subscribes to the input topics only after that. A
Holdline worker declares no table (streams/app.py says why), so the second is pure start-up delay: every
worker start, restart and rolling deploy paid it before joining its group. With a table declared, Faust's
own start runs unchanged.
"""

from __future__ import annotations

from faust.tables import TableManager


class TablelessManager(TableManager):
    async def on_start(self) -> None:
        if len(self):
            await super().on_start()
            return
        if not self.should_stop:
            await self._update_channels()
            await self.recovery.start()
