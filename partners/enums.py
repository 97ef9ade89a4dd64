"""Choices of the partners app."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    NATIONAL_PARTNER = "national_partner", _("partenaire national")
    EMSP = "emsp", _("équipe mobile de soins palliatifs (EMSP)")
    USP = "usp", _("unité de soins palliatifs (USP)")
    LISP = "lisp", _("établissement avec lits identifiés (LISP)")
    HAD = "had", _("hospitalisation à domicile (HAD)")
    VOLUNTEER_ASSOCIATION = "volunteer_association", _("association de bénévoles")
    MSP = "msp", _("maison de santé pluriprofessionnelle (MSP)")
    CPTS = "cpts", _("communauté professionnelle territoriale de santé (CPTS)")
    GP_PRACTICE = "gp_practice", _("cabinet de médecine générale")
    NURSING_PRACTICE = "nursing_practice", _("cabinet infirmier")
    SOCIAL_SERVICE = "social_service", _("service social")
    EHPAD = "ehpad", _("EHPAD")
    HOSPITAL = "hospital", _("établissement hospitalier")
    OTHER = "other", _("autre")


class OrganisationScope(models.TextChoices):
    NATIONAL = "national", _("nationale")
    DEPARTMENT = "department", _("départementale")


class ConventionSubject(models.TextChoices):
    EXPERTISE = "expertise", _("expertise et conseil")
    NIGHT_ON_CALL = "night_on_call", _("astreinte médicale de nuit")
    VOLUNTEERS = "volunteers", _("intervention de bénévoles")
    TRAINING = "training", _("formation")
    ADMISSIONS = "admissions", _("parcours d'admission")
    BEREAVEMENT = "bereavement", _("accompagnement du deuil")
    OTHER = "other", _("autre")


class ConventionStatus(models.TextChoices):
    DRAFT = "draft", _("en projet")
    SIGNED = "signed", _("signée")
    EXPIRED = "expired", _("expirée")
    TERMINATED = "terminated", _("résiliée")


class ParticipationKind(models.TextChoices):
    CVS = "cvs", _("conseil de la vie sociale")
    USERS_COMMITTEE = "users_committee", _("comité des usagers")
    USERS_REPRESENTATIVE = "users_representative", _("représentant des usagers")
    RELATIVES_REPRESENTATIVE = "relatives_representative", _("représentant des proches")
    EXPRESSION_GROUP = "expression_group", _("groupe d'expression")
    SATISFACTION_SURVEY = "satisfaction_survey", _("enquête de satisfaction")
    OTHER = "other", _("autre forme de participation")


class MeetingFrequency(models.TextChoices):
    MONTHLY = "monthly", _("mensuelle")
    QUARTERLY = "quarterly", _("trimestrielle")
    HALF_YEARLY = "half_yearly", _("semestrielle")
    YEARLY = "yearly", _("annuelle")
    AD_HOC = "ad_hoc", _("à la demande")
