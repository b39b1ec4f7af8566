"""Operations: what keeps certdir running in production, independent of the domain.

Health probes, the database-outage page, read-replica routing, rate limits, client-IP
detection behind proxies and upload checks. It has no models and imports none of the domain
apps; `bodies` and `complaints` import from it (rate limits, upload validation).
"""
