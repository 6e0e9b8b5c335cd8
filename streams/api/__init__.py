"""The HTTP screening service (`holdline api serve`): yente's `/match` and Holdline's own `/v1/screen`.

Tools built for OpenSanctions' yente (Marble, Motiva clients) screen against Holdline unchanged: the same
request and response shapes, every loaded list a dataset, `default` all of them. The service screens with
the same engine and snapshot as the stream workers and follows the same control-topic publications, and
it fails closed: no snapshot, a stale one under the hold policy, or an engine error answer 503, never an
empty result that would read as "no match".
"""
