"""Word lists and sentence makers for the synthetic dataset (see policyapi.synth)."""

import random
import unicodedata

# A term placed in about 6 % of statements and one in about 0.02 %: search benchmarks use them.
COMMON_TERM = "sanctuary"
RARE_TERM = "mansard"
COMMON_RATE = 0.06
RARE_RATE = 0.0002


def words(text: str, sep: str | None = None) -> tuple[str, ...]:
    """Split a compact word list."""
    return tuple(text.split(sep))


STATES = words(
    "al ak az ar ca co ct de fl ga hi id il in ia ks ky la me md ma mi mn ms mo mt ne nv nh nj "
    "nm ny nc nd oh ok or pa ri sc sd tn tx ut vt va wa wv wi wy"
)
PLACE_STEMS = words(
    "oak maple cedar river lake stone green fair spring mill pine ash elm clear silver north "
    "south east west bright glen red white black iron rock sand willow brook port bay"
)
PLACE_ENDS = words("ridge field ton ville burg wood dale haven view ford mont port side land")
FIRST_NAMES = words(
    "Maria James Aisha Robert Linh Carlos Priya David Fatima Michael Sofia John Mei Ahmed Grace "
    "Luis Olga Daniel Noor Peter José Ana Kwame Elena Samuel Chloé Tomás Ingrid Omar Ruth Hana "
    "Marcus Leila Victor Amara Jonas Renée Diego Yuki Paul Zoë Ibrahim Clara Andrés Nadia Felix"
)
LAST_NAMES = words(
    "García Johnson Nguyen Smith Patel Okafor Kim Rossi Müller Chen Williams Haddad Brown Silva "
    "Kowalski O'Neill Davis Martínez Cohen Ivanova Mensah Lopez Tanaka Baker Rahman Novak Dubois "
    "Moore Ortiz Schmidt Ali Hughes Castillo Larsen Park Reyes Wright Fischer Bianchi Stewart"
)
ROLES = words(
    "Mayor|City Council President|Police Chief|County Executive|City Attorney|Council Member|"
    "Public Defender|Sheriff|Housing Director|State Senator|Immigration Attorney|Pastor|"
    "Union President|Business Owner|Resident|Community Organizer|School Board Member",
    "|",
)
ORG_KINDS = (
    "Tenants Union",
    "Chamber of Commerce",
    "Civil Liberties Union",
    "Police Benevolent Association",
    "Immigrant Rights Coalition",
    "Taxpayers Association",
    "Legal Aid",
)
PUBLISHERS = words(
    "Gazette|Herald|Courier|Tribune|Ledger|Observer|Sentinel|Daily News|Record|Post|Chronicle|"
    "Public Radio|Times|Press|Bulletin|Patch|Star|Journal",
    "|",
)
TOPICS = (
    ("housing", "Housing and Tenancy"),
    ("policing", "Policing and Public Safety"),
    ("immigration", "Immigration Enforcement"),
    ("budget", "Budget and Spending"),
    ("transparency", "Reporting and Transparency"),
    ("privacy", "Privacy and Data"),
    ("services", "Access to Public Services"),
    ("zoning", "Zoning and Land Use"),
    ("labor", "Labor and Wages"),
    ("health", "Public Health"),
    ("schools", "Schools and Youth"),
    ("transit", "Transit and Streets"),
)
DOC_TYPES = ("executive_order", "ordinance", "directive", "resolution", "policy")
NOUNS = words(
    "ordinance order policy plan budget program department council agency court warrant "
    "detainer report commission office fund contract permit license inspection hearing review "
    "audit rule law officer resident tenant landlord worker employer family student clinic "
    "shelter hospital school library park street district neighborhood community city county "
    "state data record request complaint notice deadline vote proposal amendment measure"
)
VERBS = words(
    "protects limits requires allows prevents funds expands restricts delays supports ignores "
    "weakens strengthens clarifies replaces undermines creates ends changes reviews blocks "
    "covers exempts guarantees targets"
)
ADJECTIVES = words(
    "new local federal public civil criminal fair unfair clear vague costly modest strict broad "
    "narrow temporary permanent independent quarterly annual urgent essential vulnerable "
    "affordable dangerous safe transparent confidential"
)
ADVERBS = words("quickly rarely openly quietly fully partly clearly repeatedly still already")
TAILS = words(
    "for every resident|across the city|without a judicial warrant|before the next budget|"
    "at the request of the council|under state law|within ninety days|in every neighborhood|"
    "despite the objections|for the first time|after the public hearing|as written|"
    "unless a court orders otherwise|for families and workers|in the coming year",
    "|",
)


def slug(text: str) -> str:
    """A lowercase ASCII slug of `text` (letters and digits joined by hyphens)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = "".join(c if c.isalnum() else " " for c in plain).split()
    return "-".join(words)


def clause(rng: random.Random, term: str | None = None) -> str:
    """One clause of news prose, optionally about `term`."""
    noun = f"{term} {rng.choice(NOUNS)}" if term else rng.choice(NOUNS)
    return (
        f"the {rng.choice(ADJECTIVES)} {noun} {rng.choice(ADVERBS)} {rng.choice(VERBS)} "
        f"the {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} {rng.choice(TAILS)}"
    )


def clause_pool(rng: random.Random, size: int, term: str | None = None) -> list[str]:
    """Pre-made clauses: drawing from a pool is much faster than composing each sentence."""
    return [clause(rng, term) for _ in range(size)]
