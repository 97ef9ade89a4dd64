from __future__ import annotations

import factory
from allauth.account.models import EmailAddress

from accounts.enums import Role
from accounts.models import Membership, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    first_name = "Dominique"
    last_name = factory.Sequence(lambda n: f"Test{n}")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def _save(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.save()

    @factory.post_generation
    def email_verified(self, create: bool, extracted: object, **kwargs: object) -> None:
        """A verified address, as an invited account has (logging in requires one);
        `email_verified=False` for an account whose address was never confirmed."""
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Role.ANALYST

    class Params:
        ars = factory.Trait(role=Role.ARS_AGENT, region_id="32")
        coordinator = factory.Trait(role=Role.COORDINATOR)
        national_admin = factory.Trait(role=Role.NATIONAL_ADMIN)
