"""The console's backend on Kafka: folds the state and output topics, publishes decisions.

The console never applies a decision itself: it validates it against its view, publishes it on
`screening.decisions` and waits until the worker's decisions agent (the arbiter) has applied or refused
it, so the reviewer sees the real outcome.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections import OrderedDict

from streams.compliance.allowlist import Allowance, AllowList
from streams.compliance.audit import AuditTrail, signature_check
from streams.compliance.decisions import Decision, DecisionError, DecisionErrorCode, DecisionRequest
from streams.compliance.signing import configured_keyring, configured_signer
from streams.compliance.state_topic import StateWriter, TopicTail, aiokafka_config
from streams.compliance.trust import ControlGate
from streams.console.backend import StateViews, check_submittable
from streams.console.queue_index import IndexedBook
from streams.settings import ComplianceSettings, Settings

log = logging.getLogger(__name__)

APPLY_TIMEOUT = 30.0
MAX_REJECTIONS = 10_000


def console_topics(settings: Settings, c: ComplianceSettings) -> tuple[list[str], list[str]]:
    """(read, written) by the console: the Kafka ACLs of its principal in deploy/k8s grant exactly these."""
    read = [
        c.topic_holds_state,
        c.topic_allowlist,
        settings.topic_hold,
        settings.topic_cleared,
        c.topic_blocked,
        c.topic_decisions,
        c.topic_refusals,
    ]
    return read, [c.topic_decisions, c.topic_allowlist]


class KafkaBackend(StateViews):
    def __init__(self, settings: Settings, compliance: ComplianceSettings) -> None:
        self.settings = settings
        self.compliance = compliance
        self.book = IndexedBook()  # the queue index follows every state record as it is read
        self.allowlist = AllowList()
        keyring = configured_keyring(compliance)
        self.trail = AuditTrail(signature_check(keyring), max_unheld=compliance.console_history_events)
        self._rejections: OrderedDict[str, dict[str, object]] = OrderedDict()  # bounded: recent ones
        self._changed = asyncio.Event()
        c = compliance
        self._audit_topics = {
            settings.topic_hold,
            settings.topic_cleared,
            c.topic_blocked,
            c.topic_decisions,
            c.topic_refusals,
        }
        self.signer = configured_signer(compliance)
        self.four_eyes = compliance.four_eyes_actions()
        self.gate = ControlGate(keyring, self.four_eyes)
        config = aiokafka_config(settings)
        self.tail = TopicTail(config, console_topics(settings, c)[0], self._apply, name="holdline-console")
        self.writer = StateWriter(config, name="holdline-console-writer")

    async def start(self) -> None:
        """Connects and starts reading; serving starts at once and decisions wait until caught up.

        However long the topics are, the console never gives up on catching up (no fixed deadline):
        pages say it is still reading, and `caught_up()` gates decisions.
        """
        await self.writer.start()
        await self.tail.start()
        asyncio.get_running_loop().create_task(self._report_caught_up())

    async def _report_caught_up(self) -> None:
        await self.tail.ready.wait()
        log.info("console caught up: %d holds, %d open", len(self.book), len(self.book.index))

    def caught_up(self) -> bool:
        return self.tail.ready.is_set()

    async def stop(self) -> None:
        await self.tail.stop()
        await self.writer.stop()

    def _apply(self, topic: str, key: str, value: bytes | None) -> None:
        if topic == self.compliance.topic_holds_state:
            self.book.apply_state_record(key, value)
        elif topic == self.compliance.topic_allowlist:
            try:  # the console shows only allowances the workers would believe
                self.gate.fold_allowance(self.allowlist, key, value)
            except ValueError as exc:
                log.warning("not showing allowance %s: %s", key, exc)
        if topic in self._audit_topics and value:
            try:
                record = json.loads(value)
            except ValueError:
                record = None
            if isinstance(record, dict):
                self.trail.add(record, topic)
                if record.get("kind") == "decision_rejected" and record.get("decision_id"):
                    self._rejections[str(record["decision_id"])] = record
                    while len(self._rejections) > MAX_REJECTIONS:
                        self._rejections.popitem(last=False)
        self._changed.set()

    def _sign(self, record: dict[str, object]) -> bytes:
        if self.signer is None:
            raise DecisionError(
                DecisionErrorCode.UNAUTHENTICATED,
                "the console has no signing key (HOLDLINE_SIGNING_KEY); workers would refuse its decisions",
            )
        return json.dumps(self.signer.sign(record)).encode()

    async def submit(self, request: DecisionRequest, reviewer: str) -> Decision:
        decision = check_submittable(self.book, request, reviewer, self.four_eyes)
        await self.writer.send(
            self.compliance.topic_decisions, decision.event_id, self._sign(decision.model_dump(mode="json"))
        )
        await self.wait_applied(decision)
        return decision

    async def wait_applied(self, decision: Decision, timeout: float = APPLY_TIMEOUT) -> None:
        """Until the worker applied the decision (state shows it) or refused it (a rejection record)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            state = self.book.get(decision.event_id)
            if state is not None and state.last_decision_id == decision.decision_id:
                return
            rejection = self._rejections.get(decision.decision_id)
            if rejection is not None:
                try:
                    code = DecisionErrorCode(str(rejection.get("code", "malformed")))
                except ValueError:
                    code = DecisionErrorCode.MALFORMED
                raise DecisionError(code, str(rejection.get("error")))
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(
                    f"no worker applied decision {decision.decision_id} within "
                    f"{timeout:.0f}s; it stays queued on the decisions topic"
                )
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), min(remaining, 1.0))

    async def revoke(self, allowance_id: str, reviewer: str, reason: str) -> Allowance:
        revoked = self.allowlist.revoke(allowance_id, reviewer, reason)
        signed = self._sign(revoked.model_dump(mode="json", exclude={"signature"}))
        await self.writer.send(self.compliance.topic_allowlist, revoked.allowance_id, signed)
        revoked = Allowance.model_validate_json(signed)
        self.allowlist.put(revoked)
        return revoked
