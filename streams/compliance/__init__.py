"""Compliance workflow: reviewers' decisions, the audit trail, the allow-list, open-hold state kept in
Kafka, and retroactive re-screening when a list snapshot changes.

The modules here hold pure logic plus thin Kafka adapters, so they can be exercised without a broker and
wired into the Faust worker or the console service alike.
"""
