"""Records of a college proposal to sign an agreement (kind ``agreement_proposal``, document 004).

A "collegevoorstel" asks a municipal executive to sign an agreement. It states the agreement's
title, who signs it, when a regional body consented, the proposal's own date, the agreement's end
date and renewal, the target groups and the policy frame it implements. Dates stay as written
next to their parsed value; organisation names stay as written (identity is decided later).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from bwgraph.records import Evidence


@dataclass(frozen=True, slots=True)
class StatedDate:
    """A date the text states, as written and parsed."""

    text: str
    value: date
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class Signatory:
    """An organisation the proposal lists as signing the agreement, with its kind as stated."""

    name: str
    role: str  # "housing_corporation" | "care_provider": the list the text puts it in
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class StatedText:
    text: str
    evidence: Evidence


@dataclass
class AgreementProposalRecords:
    """Everything extracted from one proposal (the single record of the result)."""

    title: str
    title_evidence: Evidence
    document_date: StatedDate
    #: who the municipal parties are, as written ("de gemeenten in Flevoland")
    municipal_parties_text: str
    municipal_parties_evidence: Evidence
    region_name: str  # the region the text names ("Flevoland")
    signatories: list[Signatory] = field(default_factory=list)
    approval: StatedDate | None = None
    approval_body: str | None = None
    approval_note: str | None = None
    end_date: StatedDate | None = None
    commencement: StatedText | None = None
    renewal: StatedText | None = None
    renewal_years: int | None = None
    goal: StatedText | None = None
    target_groups: list[StatedText] = field(default_factory=list)
    policy_frame: StatedText | None = None
    #: further instruments the agreement gives substance to ("Uitvoeringsprogramma …")
    implements_also: list[StatedText] = field(default_factory=list)
    proposed_decisions: list[StatedText] = field(default_factory=list)
