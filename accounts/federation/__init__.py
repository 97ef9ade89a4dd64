"""Sign-in through the state's identity federations (ProConnect, Pro Santé Connect), on top of
django-allauth's OpenID Connect provider: docs/access.md, « Fédérations d'identité »."""
