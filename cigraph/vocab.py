"""Namespaces. ``CI`` is a closed namespace: a typo in a term raises instead of
minting a wrong IRI (the rdflib ``DefinedNamespace`` habit).

>>> from cigraph.vocab import CI
>>> str(CI.Initiative)
'https://w3id.org/cigraph#Initiative'
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace

__all__ = ["CI", "CGD", "CIDS", "ORG", "PROV", "SKOS", "DCTERMS", "FOAF", "OWL", "RDF", "RDFS", "XSD",
           "PREFIXES", "GRAPH_ONTOLOGY", "GRAPH_DATA", "GRAPH_DERIVED", "GRAPH_ENTAILED", "curie", "local_name"]

CI_NS = "https://w3id.org/cigraph#"
CGD = Namespace("https://w3id.org/cigraph/id/")
CIDS = Namespace("https://ontology.commonapproach.org/cids#")

#: Named graphs of the workspace dataset.
GRAPH_ONTOLOGY = "https://w3id.org/cigraph/graph/ontology"
GRAPH_DATA = "https://w3id.org/cigraph/graph/data"
GRAPH_DERIVED = "https://w3id.org/cigraph/graph/derived"     # shortcut facts (memberOf, hasBackbone, inverses)
GRAPH_ENTAILED = "https://w3id.org/cigraph/graph/entailed"   # subclass / subproperty closure


class CI(DefinedNamespace):
    """The cigraph ontology (``ontology/cigraph.ttl``)."""

    _NS = Namespace(CI_NS)
    _fail = True
    # classes
    Participant: URIRef; Organization: URIRef; StakeholderGroup: URIRef; Initiative: URIRef  # noqa: E702
    Network: URIRef; WorkingGroup: URIRef; Membership: URIRef; Role: URIRef; Sector: URIRef  # noqa: E702
    CommonAgenda: URIRef; Priority: URIRef; Target: URIRef; Outcome: URIRef; Indicator: URIRef  # noqa: E702
    EvaluationMethod: URIRef; Activity: URIRef; CommunicationChannel: URIRef; Meeting: URIRef  # noqa: E702
    StrategyDocument: URIRef; BackboneSupport: URIRef; StaffPosition: URIRef; Condition: URIRef  # noqa: E702
    ConditionPractice: URIRef; MaturityLevel: URIRef; BackboneFunction: URIRef; Endorsement: URIRef  # noqa: E702
    SourceDocument: URIRef; SourceSection: URIRef  # noqa: E702
    # object properties
    memberOf: URIRef; hasParticipant: URIRef; hasBackbone: URIRef; hasMembership: URIRef  # noqa: E702
    inSector: URIRef; partOfNetwork: URIRef; precededBy: URIRef; hasCommonAgenda: URIRef  # noqa: E702
    hasPriority: URIRef; subPriorityOf: URIRef; hasTarget: URIRef; forPriority: URIRef  # noqa: E702
    hasStrategyDocument: URIRef; endorsedBy: URIRef; performs: URIRef; performedBy: URIRef  # noqa: E702
    serves: URIRef; coordinatedBy: URIRef; coordinates: URIRef; measuredBy: URIRef; measures: URIRef  # noqa: E702
    indicatorFor: URIRef; reinforces: URIRef; canProduce: URIRef; partOfInitiative: URIRef  # noqa: E702
    focusesOn: URIRef; hasMember: URIRef; ledBy: URIRef; usesMethod: URIRef; developedBy: URIRef  # noqa: E702
    hasChannel: URIRef; hasBackboneSupport: URIRef; providedBy: URIRef; hasStaff: URIRef  # noqa: E702
    employedBy: URIRef; performsFunction: URIRef; hasPractice: URIRef; practiceOf: URIRef  # noqa: E702
    condition: URIRef; maturity: URIRef; endorses: URIRef; endorser: URIRef; hasEndorsement: URIRef  # noqa: E702
    # datatype properties
    name: URIRef; shortName: URIRef; description: URIRef; foundedOn: URIRef; memberCount: URIRef  # noqa: E702
    memberCountQualifier: URIRef; location: URIRef; country: URIRef; vision: URIRef  # noqa: E702
    problemDefinition: URIRef; theoryOfChange: URIRef; principle: URIRef; goalStatement: URIRef  # noqa: E702
    targetValue: URIRef; targetUnit: URIRef; status: URIRef; channelType: URIRef; cadence: URIRef  # noqa: E702
    audience: URIRef; documentType: URIRef; year: URIRef; backboneModel: URIRef; staffCount: URIRef  # noqa: E702
    timeCommitment: URIRef; task: URIRef; evidence: URIRef; rank: URIRef; sectionTitle: URIRef  # noqa: E702
    fileName: URIRef; priorityCount: URIRef; workingGroupCount: URIRef; note: URIRef  # noqa: E702
    # individuals
    CommonAgendaCondition: URIRef; SharedMeasurementCondition: URIRef  # noqa: E702
    MutuallyReinforcingActivitiesCondition: URIRef; ContinuousCommunicationCondition: URIRef  # noqa: E702
    BackboneSupportCondition: URIRef; Planned: URIRef; Emerging: URIRef; Established: URIRef  # noqa: E702
    GuideVisionAndStrategy: URIRef; SupportAlignedActivities: URIRef; EstablishSharedMeasurement: URIRef  # noqa: E702
    BuildPublicWill: URIRef; AdvancePolicy: URIRef; MobilizeFunding: URIRef  # noqa: E702
    MemberRole: URIRef; BackboneRole: URIRef; CoChairRole: URIRef; LeadAgencyRole: URIRef  # noqa: E702
    FunderRole: URIRef; FinancialStewardRole: URIRef; WorkingGroupLeadRole: URIRef  # noqa: E702
    GoverningBodyRole: URIRef; EvaluatorRole: URIRef; EndorserRole: URIRef  # noqa: E702
    PublicSector: URIRef; NonProfitSector: URIRef; PrivateSector: URIRef; CommunitySector: URIRef  # noqa: E702
    EducationSector: URIRef; HealthSector: URIRef; PhilanthropySector: URIRef; IndigenousCommunity: URIRef  # noqa: E702
    ConditionScheme: URIRef; MaturityScheme: URIRef; BackboneFunctionScheme: URIRef  # noqa: E702
    RoleScheme: URIRef; SectorScheme: URIRef  # noqa: E702
    # 0.2 classes
    Person: URIRef; Post: URIRef; PostHolding: URIRef; PostRole: URIRef; Observation: URIRef  # noqa: E702
    Grant: URIRef; OrganizationRelation: URIRef; RelationKind: URIRef; AssessmentKind: URIRef  # noqa: E702
    ClaimedValue: URIRef  # noqa: E702
    # 0.2 object properties
    holder: URIRef; ofPost: URIRef; heldIn: URIRef; postRole: URIRef; ofIndicator: URIRef  # noqa: E702
    funder: URIRef; recipient: URIRef; funds: URIRef; subsidiaryOf: URIRef; parentOf: URIRef  # noqa: E702
    spunOutOf: URIRef; fiscalSponsorOf: URIRef; evaluatorFor: URIRef; gaveRiseTo: URIRef  # noqa: E702
    fromOrganization: URIRef; toOrganization: URIRef; relationKind: URIRef; assessedBy: URIRef  # noqa: E702
    assessmentKind: URIRef; claimAbout: URIRef  # noqa: E702
    # 0.2 datatype and annotation properties
    acting: URIRef; startYear: URIRef; endYear: URIRef; startDate: URIRef; endDate: URIRef  # noqa: E702
    inYear: URIRef; foundedYear: URIRef; foundedMonth: URIRef; value: URIRef; unit: URIRef  # noqa: E702
    onDate: URIRef; population: URIRef; place: URIRef; approximate: URIRef; valueQualifier: URIRef  # noqa: E702
    baselineValue: URIRef; baselineYear: URIRef; baselineDate: URIRef; dueYear: URIRef  # noqa: E702
    dueDate: URIRef; amount: URIRef; currency: URIRef; assessedOn: URIRef; assessedYear: URIRef  # noqa: E702
    statedValue: URIRef; directProperty: URIRef; claimedProperty: URIRef  # noqa: E702
    # 0.2 individuals and schemes
    FoundingMemberRole: URIRef; EarlySupporterRole: URIRef; ConvenerRole: URIRef  # noqa: E702
    DataPartnerRole: URIRef; PostRoleScheme: URIRef; LeadershipPost: URIRef  # noqa: E702
    ExecutiveDirectorPost: URIRef; DirectorPost: URIRef; ChairPost: URIRef; CoChairPost: URIRef  # noqa: E702
    CoordinatorPost: URIRef; StaffPost: URIRef; AffiliatePost: URIRef; RelationKindScheme: URIRef  # noqa: E702
    SubsidiaryRelation: URIRef; SpinOffRelation: URIRef; FiscalSponsorRelation: URIRef  # noqa: E702
    EvaluatorRelation: URIRef; PredecessorRelation: URIRef; AssessmentKindScheme: URIRef  # noqa: E702
    SourceAuthorAssessment: URIRef; SelfAssessment: URIRef; CuratorAssessment: URIRef  # noqa: E702
    RuleAssessment: URIRef  # noqa: E702


PREFIXES: dict[str, str] = {
    "ci": CI_NS,
    "cgd": str(CGD),
    "org": str(ORG),
    "prov": str(PROV),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "foaf": str(FOAF),
    "cids": str(CIDS),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
}


def curie(iri: str) -> str:
    """Shorten an IRI with the known prefixes.

    >>> curie("http://www.w3.org/ns/org#Membership")
    'org:Membership'
    >>> curie("http://example.org/x")
    'http://example.org/x'
    """
    best = ""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(ns) > len(best):
            best, name = ns, prefix
    return f"{name}:{iri[len(best):]}" if best else iri


def local_name(iri: str) -> str:
    """The part of an IRI after the last ``#`` or ``/``.

    >>> local_name("https://w3id.org/cigraph#hasBackbone")
    'hasBackbone'
    """
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[cut + 1:]
