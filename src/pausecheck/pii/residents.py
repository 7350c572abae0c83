"""A private person named beside their casework, address or contact details: RESIDENT_NAME.

A name alone is not a finding: posts thank volunteers and name colleagues all the time. A name
becomes a resident's personal data when the same sentence (or the one next to it) holds their
address, phone number, e-mail or an identifier, or the details of their case (their bins, their
boiler, waiting, evicted, housebound...). Public people are never marked: councillors, MPs,
mayors and officers by title, anyone described by a role ("X, the council's housing officer"),
and businesses named after people ("Patel's Newsagents", "Grant & Sons Builders"). A surname
once given a public title stays public for the rest of the post.

Candidates come from spaCy's PERSON entities, private titles (Mr, Mrs, Ms, Miss, Mx), a
few frames that introduce a person by first name ("Hi Tom,", "spoke to Priya", "on behalf
of Kwame"), and runs of capitalised words carried by what is attached to them ("Chinedu rang
me on...", "Cerys Jones, 6 Oak Road", "Ravi's NHS number"), since the small model misses many
names it has not seen; a name listed beside one of those ("especially Mr Adeyemi, Miss Liu and
...") shares what the sentence says of them. The same pass raises contact details that sit
beside a resident's name and records the resident as their owner, and lowers those the post
shows to be published lines: a body named right before them ("call the council on", "report
it to Highways on"), a public body's e-mail domain, or a team's mailbox (``info@``).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

import regex

from pausecheck.pii.disjoint_spans import DisjointSpans
from pausecheck.pii.hits import PiiHit, PiiReason
from pausecheck.text.lexicons import builtin
from pausecheck.text.shapes import STREET_WORD

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

ENTITY = "RESIDENT_NAME"
RECOGNISER = "ResidentNameRecognizer"
#: A name with the person's own details in the same sentence, with case details, or next door.
WITH_DETAILS, WITH_CASE, NEAR_DETAILS = 0.85, 0.75, 0.7
#: What a contact detail scores at least when a resident's name is in the same sentence.
DETAIL_NEAR_RESIDENT = 0.7
#: What a contact detail scores at most when it reads as a public person's or business's own
#: (named in its sentence or the one before, no resident named near): below any rule's floor.
DETAIL_OF_PUBLIC = 0.2
#: Details that single a person out; a resident named beside one is marked, and raises it.
DETAIL_ENTITIES = frozenset(
    {"STREET_ADDRESS", "UK_POSTCODE", "PHONE_NUMBER", "EMAIL_ADDRESS", "UK_NINO", "UK_NHS",
     "DATE_OF_BIRTH", "CASE_REF", "COUNCIL_TAX_REF"}
)  # fmt: skip
_RAISED = frozenset({"STREET_ADDRESS", "UK_POSTCODE", "PHONE_NUMBER", "EMAIL_ADDRESS"})

_NAME_WORD = r"(?:(?:Mac|Mc|O['’]|D['’])?\p{Lu}[\p{Ll}'’\-]*\p{Ll}(?:-\p{Lu}[\p{Ll}'’]*\p{Ll})*|\p{Lu}\p{Ll}?)"
_NAME = rf"{_NAME_WORD}(?:[ ]{_NAME_WORD}){{0,2}}"
_PRIVATE_TITLE = regex.compile(
    rf"(?<![\w])(?:(?:Mr|Mrs|Ms|Miss|Mx)\.?[ ]+and[ ]+)?(?:Mr|Mrs|Ms|Miss|Mx|Master)\.?[ ]+(?P<name>{_NAME})"
)
# Titles and roles that make the name after them a public one.
_PUBLIC_BEFORE = regex.compile(
    rf"""(?<![\w])(?:Cllrs?\.?|Councill?ors?|Coun\.?|Lord[ ]Mayor|Deputy[ ]Mayor|Mayor|Sir|Dame|Lord|Lady|Baroness
    |PC|PCSO|DC|DS|Sgt\.?|Sergeant|Inspector|Insp\.?|Supt\.?|Superintendent|Constable|Dr\.?|Prof\.?|Professor
    |Rev\.?|Revd\.?|Reverend|Canon|Father|Imam|Rabbi|Judge|Minister|Secretary|Chancellor|Commissioner
    |(?i:officer|manager|director|chief[ ]executive|chief[ ]officer|chief[ ]constable|head[ ]?teacher|head[ ]of[ ]\w+
    |leader|chair|chairman|chairwoman|clerk|spokes(?:person|man|woman)|colleague|candidate|minister|warden
    |caseworker|social[ ]worker|inspector|surveyor|engineer|supervisor|coordinator|co-ordinator))
    ,?[ ]+(?:(?i:is|was)[ ]+)?(?P<name>{_NAME})""",
    regex.VERBOSE,
)
_PUBLIC_AFTER = regex.compile(
    rf"(?P<name>{_NAME})[ ]+(?:MP|MSP|MS|AM|MEP|MLA|MBE|OBE|CBE|KC|QC)(?![\w])"
)
_ROLE_APPOSITION = regex.compile(
    rf"""(?P<name>{_NAME})(?:,|[ ]*\()[ ]*(?:(?:the|our|my|your|a|an|their)[ ]+)?(?:\w+['’]s[ ]+)?(?:\w+[ ]+){{0,3}}?
    (?i:officer|manager|director|head|chair|leader|councillor|mp|minister|spokesperson|chief[ ]executive
    |head[ ]?teacher|clerk|owner|founder|warden|inspector|secretary|treasurer|vicar|imam|rabbi|gp|doctor|mayor
    |supervisor|coordinator|co-ordinator|caseworker|adviser|advisor)(?![\w])
    # or the council's team they work for, in brackets or after a comma: "Louise Batty (Community
    # Safety)", "Imran Shah, Parking Services"
    |(?P<name>{_NAME})(?:,|[ ]*\()[ ]*(?:\p{{Lu}}[\w'’&-]*[ ]+){{0,3}}(?:Services|Team|Safety|Department|Directorate
    |Highways|Planning|Licensing|Enforcement)(?![\w])
    # or "from" it: "Imran from Parking Services", "Dan from Yorkshire Water"
    |(?P<name>{_NAME})[ ]+from[ ]+(?:the[ ]+)?(?:\p{{Lu}}[\w'’&-]*[ ]+){{0,3}}(?:Services|Team|Safety|Department
    |Council|Highways|Planning|Licensing|Enforcement|Water|Energy|Gas|Police)(?![\w])
    # or their work e-mail at a public body: "Dominic Feeney (dominic.feeney@leeds.gov.uk)"
    |(?P<name>{_NAME})(?:,|[ ]*\(|[ ]+(?i:at|on|via))[ ]*[\w.+-]+@(?:[\w-]+\.)*(?:gov\.uk|gov\.wales|gov\.scot
    |police\.uk|nhs\.uk|nhs\.net|parliament\.uk|senedd\.wales|parliament\.scot)(?![\w])""",
    regex.VERBOSE,
)
#: The words that end a trading firm's name (text/lexicons/business-words.txt, shared with the
#: analysis's business targets).
_FIRM_ENDS = builtin("business-words")
_BUSINESS = regex.compile(
    rf"""(?P<name>{_NAME})(?:['’]s)?[ ]+(?:&|and)?[ ]*(?:Sons[ ]+|Daughters[ ]+|Co\.?[ ]+|Family[ ]+)?
    (?:{"|".join("[ ]+".join(regex.escape(p) for p in w.split()) for w in sorted(_FIRM_ENDS, key=len, reverse=True))}
    |Sons)(?![\w])""",
    regex.VERBOSE,
)
_SHOP_WORDS = frozenset(w.split()[-1] for w in _FIRM_ENDS)
#: Nouns of a role or of a person described, one word each ("landlord", "caretaker", "neighbour").
_ROLE_NOUNS = frozenset(w for w in (*builtin("role-heads"), *builtin("person-nouns")) if " " not in w)
# Words that make a capitalised phrase an organisation, not a person ("Leeds Older People's Forum").
_ORG_WORDS = frozenset(
    """Homes Housing Council Forum Trust Association Group Services Service Centre Network Partnership Society
    Club Team Hospital Hospitals Foundation Charity Project Alliance Committee Board Authority Agency
    Department Partners Federation Union Institute College University School Academy Church Mosque
    Tai Cymru""".split()
)
# A name starting with a place is an organisation or a place ("Leeds Homes", "Cardiff Bay").
_PLACES = frozenset("Leeds Cardiff Glasgow Edinburgh Manchester Bristol Belfast London Wales Scotland England UK".split())
_SPACY = "spaCy's PERSON label"
_HASHTAG = "a campaign hashtag"
_TITLE = "a private title"
_LISTED = "listed with another resident"
# Met by the member (a frame's "met" group): their case may follow in the next sentence, as
# after a private title ("Braf oedd cwrdd â Hyacinth Reid o Meadow Lane heddiw. Still waiting on
# a date for a hip operation.").
_MET = "met by the member"
_INTRODUCED = "how the sentence introduces them"
# A wait that is someone's own: "waiting on a date for a hip operation", "waiting for her assessment".
_WAITING_OWN = regex.compile(r"(?i)\bwaiting[ ](?:on|for)[ ](?:a[ ]date|an?[ ]appointment|her|his|their)\b")
_LEADING_LOWER = regex.compile(r"\p{Ll}[\p{L}'’-]*[ ]+")
_LEADING_WORD = regex.compile(r"(\p{Lu}\p{Ll}+)[ ]+(?=\p{Lu})")
# Frames that introduce a person by name, for the names the small model does not tag.
_FRAMES = regex.compile(
    rf"""(?:(?:^|(?<=[.!?\n][ ]*))(?i:hi|hiya|hey|hello|dear|thanks|thank[ ]you|cheers|morning|evening)[ ]+
    |(?i:(?P<met>spoke[ ](?:to|with|2)|speaking[ ](?:to|with)|spoken[ ]to|talking[ ]to|visited|visiting|helping|helped
    |met[ ]with|cwrdd[ ](?:â|ag))
    |(?<!(?:Department|Ministry|Minister|Secretary|Office|Commissioner|Commission|Council|Campaign|Committee
    |Association|Society|Alliance|Coalition|Partnership|Trust|Fund|Institute|Centre|Friends|Action|Forum)[ ])for
    |(?<=(?i:news|thanks|thx|update|updates|congrats|done|out|up|cheers|well|sorted|result)[!]?[ ])4(?=[ ]+\p{{Lu}}\p{{Ll}})
    |behalf[ ]of|(?:this|a[ ]message|an[ ]e-?mail|a[ ]letter|a[ ]note|a[ ]call)[ ]from
    |pushing[ ]for|chasing[ ]for|know|update[ ]on|replying[ ]to|belonging[ ]to|from[ ]you)[ ]+(?:a[ ]+)?)
    (?P<name>{_NAME})(?=[ ]*(?:[,:;!.(]|['’]s\b|[ ][–—-][ ]|[ ](?i:who|whose|at|of|from|on|in|o|rang|called|phoned|emailed|has|had|is|was|says|said|told|asked|this|about|with
    |today|yesterday|tonight|earlier|again|last)\b))""",
    regex.VERBOSE,
)
# The person a reply speaks to, by name: right after the @handle(s) it answers ("@jo22 Hi Jo,",
# "Replying to @jo22: Jo,") or after a reply's stock opening ("Sorry to hear this, Jo.").
_ADDRESSED = regex.compile(
    rf"""(?:^(?:(?i:replying[ ]to)[ ]+)?(?:@\w+[ ]*)+:?[ ]+(?:(?i:hi|hiya|hey|hello|dear|thanks|thank[ ]you|cheers|morning|evening|sorry)[ ]+)?
    |(?:^|(?<=[.!?\n–]['"’”)]?[ ]*|@\w+[ ]+))(?i:sorry[ ]to[ ]hear[ ](?:this|that)|of[ ]course|no[ ]problem|will[ ]do|noted|thanks[ ]again
    |good[ ]news|oh[ ]no|don['’]t[ ]worry|dm[ ]me|message[ ]me|get[ ]in[ ]touch|drop[ ]me[ ]a[ ]line
    |thanks[ ]for[ ](?:flagging|raising|reporting|sharing)(?:[ ](?:this|that|it))?),[ ]+)
    (?P<name>{_NAME})(?=[ ]*[,.!:;]|[ ][–—-][ ])""",
    regex.VERBOSE,
)
# A name run into a campaign hashtag: "#JusticeForSarahBaker", "#SaveKwamesHome" is left out.
_HASHTAG_NAME = regex.compile(
    r"(?<=#)(?i:justice[ ]?for|justice4|standwith|stand4|support|help|save|free|find|bringhome|home4|homefor)"
    r"(?P<name>(?:\p{Lu}[\p{Ll}'’]+){1,3})(?![\w])"
)
# Who signed a petition or a letter is a political opinion of theirs (special category data):
# "Signatures on the Lime Vale petition so far include Lan, Miss Kaczmarek and 6 others".
_SIGNED = regex.compile(
    r"""(?i:\b(?:co-?)?signed[ ]by|\b(?:signatures|signatories|signers|names)[ ](?:on|to|of|for)[ ](?:[\w'’-]+[ ]){0,5}?
    (?:petition|letter|open[ ]letter)[ ](?:so[ ]far[ ])?(?:include|includes|including|are|were)
    |\b(?:signatories|signers)[ ](?:so[ ]far[ ])?(?:include|includes|including|are|were))[ ]*:?[ ]+""",
    regex.VERBOSE,
)
_SIGNED_NAME = regex.compile(rf"(?P<name>{_NAME})(?=[ ]*(?:[,;.!:]|[ ](?:and|&)[ ]|$))")
_SIGNATORY = "named as one who signed"
# A post that opens by telling a named person about their own case ("Hodan: ur bins r sorted",
# "Mr Kaczmarek, your repair is booked", "Hi Ffion — I've looked into your parking fine"): not a
# reply to their public post (those open with their @handle, and naming them back is left
# alone), so the post tells everyone their case.
_OPENS_TO = regex.compile(
    rf"^(?:(?i:hi|hiya|hey|hello|dear|morning|evening|afternoon|nice[ ]one|well[ ]done|good[ ]news|great[ ]news)[ ,!]+)?"
    rf"(?P<name>{_NAME})[ ]*(?:[:,]|[ ]?[–—-])[ ]+(?=[^.!?\n]{{0,60}}?\b(?i:ur|your|yr)\b)")
_TOLD = "named at the start of a post about their own case"
# Someone's home, as "at Ama Okafor's" says it: a possessive with no noun after it.
_HOME_OF = regex.compile(rf"(?<![\w])(?i:at|round|to|from)[ ]+(?P<name>{_NAME})['’]s(?![\w])(?![ ]+[\p{{L}}\p{{N}}])")
# A person spoken to by name in the middle of a post: "🤢 Tunde u were right, reported it 2 Planning".
_SPOKEN_TO = regex.compile(
    rf"(?:^|(?<=[.!?\n\p{{So}}][ ]*))(?P<name>{_NAME}),?[ ]+(?i:u|you)[ ]+(?i:were|was|are|r|have|had|did|said|asked|told)\b"
)
# Their services and cases only, a narrower list than _CASEWORK's "her/his/their …": said to
# someone, a home or a family is as often friendly ("Jo, your kids were brilliant at the pick").
_THEIR_CASE = regex.compile(
    r"""(?i)\b(?:ur|your|yr)[ ]+(?:\w+[ ]+){0,2}?(?:bins?|boiler|heating|housing|repairs?|roof|damp|mould|leak
    |council[ ]tax|benefits?|universal[ ]credit|pip|pension|care[ ]package|carer|rent|arrears|tenancy|referral
    |appointment|assessment|claim|appeal|complaint|case|blue[ ]badge|adaptations?|transfer|application
    |parking[ ](?:permit|fine|ticket)|school[ ]place)\b""",
    regex.VERBOSE,
)
# A heading for an area's round of cases: the name after "for" is the area's.
_AREA_HEADING = regex.compile(
    r"(?i:round-?up|roundup|casework|newsletter|summary|surgery|surgeries|ward[ ]report|patch)[ ]+(?:for|4)[ ]+$")
# Capitalised words that start a frame's catch but are not names.
_NOT_NAMES = frozenset(
    """I Im I'm I've I'll We You They He She It This That The A An My Our Your Their His Her Its Me Us Them
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August
    September October November December Today Tomorrow Yesterday Tonight Everyone Anyone Someone All Thanks Thank
    Please Council Highways Housing Waste Services Planning Parks Licensing Environmental Health Police NHS DWP
    Government Leeds Cardiff Glasgow Edinburgh Manchester Bristol Belfast London Wales Scotland England UK
    Labour Conservative Conservatives Tory Tories Green Greens Reform Plaid Lib Dem Dems SNP Christmas Easter
    Full Ward City Street Road Lane Flat Update Casework Still Following Good Great Lovely Well Hi Hello Dear
    Posting Forwarding Replying Complaint Lost Found Missing Objections Site Congratulations Surgery Budget
    Questions Contact Shop Bin Bins Our Adult Social Care Jobcentre Hospital Pension Service GP Ms Mr Mrs Miss Mx
    Drop Join Come Pop Meet Appointments Appointment St Saint New Old Upper Lower Email Call Ring Text Phone Tel Mobile Address
    Cllr Cllrs Councillor Councillors Coun
    Diolch Croeso Llongyfarchiadau Bore Braf Nadolig Llongyfarchion Shwmae Helo Annwyl""".split()
)
_STREETISH = regex.compile(
    r"(?:['’]s)?[ ]+(?:Road|Rd|Street|St|Lane|Ln|Avenue|Ave|Close|Crescent|Drive|Grove|Terrace|Place|Way|Gardens|Court|Mews"
    r"|Rise|View|Walk|Row|Square|Hill|Green|Vale|Croft|Fold|Parade|Park|Heights|Towers|House|Mansions|Cottage"
    r"|Library|Centre|Hall|School|Primary|Academy|College|Church|Mosque|Hub|Council|Ward|Bridge)\b"
)
_STREET_WORDS = frozenset(_STREETISH.pattern.split("(?:", 2)[2].split(")", 1)[0].split("|"))
# A private person's details in words: these stay theirs even beside a public name.
_PRIVATE_DETAIL_CUE = regex.compile(
    r"\b(?:her|his|their)[ ]+(?:home[ ]+|mobile[ ]+|phone[ ]+|personal[ ]+|email[ ]+)?(?:number|mobile|phone|email|e-mail|address|house|home|flat)\b"
    r"|\b(?:lives|living|resides|staying)[ ]+(?:at|on)\b"
    # in a reply, the addressee's own: "I've passed your number (...)", "I'll ring you on ..."
    r"|\byour[ ]+(?:home[ ]+|mobile[ ]+|phone[ ]+|personal[ ]+|email[ ]+)?(?:number|mobile|phone|email|e-mail|address|house|home|flat)\b"
    r"|\b(?:ring|call|phone|text|email|e-mail|message)[ ]+you[ ]+(?:on|at)\b"
    r"|\bwhose[ ]+(?:\w+[ ]+)?(?:home|house|flat|cellar|garden|kitchen|front[ ]door|roof|bungalow|cottage)\b"
    # a visit to a numbered door: "someone will be at 220 Albert Mews", "will visit Flat 32, …"
    r"|\b(?:visit|visiting|be[ ]at|call[ ]at|calling[ ]at|come[ ]out[ ]to|go[ ]out[ ]to)[ ]+(?=(?:flat[ ]+)?[0-9])",
    regex.IGNORECASE,
)
# The details of one person's case, in general terms: their service, their plight.
_CASEWORK = regex.compile(
    r"""(?<![\w])(?:
      (?:her|his|their|whose)[ ]+(?:\w+['’]s[ ]+)?(?:\w+[ ]+){0,2}?(?:bins?|boiler|heating|housing|repairs?|roof|damp|mould
        |leak|ceiling|council[ ]tax|benefits?|universal[ ]credit|pip|pension|care|carer|care[ ]package|social[ ]worker
        |visa|rent|arrears|tenancy|eviction|referral|records|appointment|assessment|claim|appeal|complaint|case|debt
        |payments?|medication|operation|diagnosis|gp|disability|wheelchair|adaptations?|blue[ ]badge|flat|house|home
        |car|scooter|cellar|garden|door|window|daughter|son|husband|wife|mum|dad|children|kids|flats|houses|homes)\b
        (?![ ]+(?:cuts?|polic(?:y|ies)|reforms?|plans?|freeze|cap|agenda|record))
      |cases?\b|casework|waiting|on[ ]hold|in[ ]hospital|temporary[ ]accommodation|rehous(?:e|ed|ing)\b|overcrowd(?:ed|ing)
      |bedroom[ ]tax|mould\b|the[ ]damp|damp[ ](?:in|and|problems?|issues?|patch(?:es)?)|housebound|evicted|eviction|being[ ]chased|arrears|sanctioned|homeless|sofa[- ]surfing
      |dementia|terminally[ ]ill|without[ ](?:heating|hot[ ]water|a[ ]carer|care|power)|district[ ]nurses?
      |no[ ](?:hot[ ]water|heating|power|electricity|gas|carer)|mouldy|food[ ]bank[ ]voucher|enforcement[ ]agents|bailiffs|can['’]?t[ ]get[ ]through|no[ ]collection
      |missed[ ](?:bin|collection|assisted)|transfer|refused|lives[ ](?:at|on|in)|next[ ]door|who[ ]lives
      |at[ ]home|(?:her|his|their)[ ]tether|went[ ]missing|last[ ]seen|wandered
      |(?:housing[ ]benefit|universal[ ]credit|pip|esa|council[ ]tax[ ](?:reduction|support))[ ]+(?:backdated|reinstated
        |approved|awarded|stopped|suspended|sanction|claim|appeal|review|overpayment)
      # What the law calls special category data, a record of offences and a debt, as facts
      # about them: their health, sex life, immigration status, probation, what they owe. Said
      # of a person, never of a group or a policy ("asylum seekers policy", "cancer services").
      |(?:had|has|having|suffered)[ ]an?[ ](?:stroke|heart[ ]attack|miscarriage|breakdown|seizure)|chemo(?:therapy)?\b
      |sectioned|(?:weeks|months)[ ]pregnant|with[ ](?:autism|dementia|cancer|parkinson['’]?s|motor[ ]neurone[ ]disease)
      |(?:her|his|their)[ ]+(?:\w+[ ]+)?(?:cancer|stroke|illness|condition|autism|pregnancy|mental[ ]health|addiction
        |drinking|chemo|treatment|refugee[ ]status|asylum[ ](?:claim|case|status)
        |immigration[ ]status|visa|probation[ ]officer|parole|conviction|criminal[ ]record)\b
      |(?:is|was|are|were)[ ](?:gay|lesbian|bisexual|trans|transgender)\b|(?:is|are|was|were)[ ](?:an[ ])?asylum[ ]seekers?\b
      |on[ ](?:probation|bail|parole)\b|court[ ]order|drinks[ ]heavily
      |not[ ]right[ ]in[ ]the[ ]head|mentally[ ]ill|on[ ]antidepressants|self[- ]harm(?:s|ed|ing)?\b
      |(?:is|was|are|were)[ ](?:schizophrenic|bipolar|psychotic|suicidal|an[ ]alcoholic|a[ ]drug[ ]addict)\b
      |owe[sd]?[ ](?:\w+[ ]+){0,3}?£[0-9]
    )""",
    regex.VERBOSE | regex.IGNORECASE,
)


# --- names carried by what is attached to them ---------------------------------------------
# The small model misses most names it has not seen ("Chinedu rang me", "Cerys Jones, 6 Oak
# Road"). A run of capitalised words reads as a person when the words right after it are that
# person's own: their details, their possessions or their case; or when the words before it
# introduce someone ("thanks to", "me and"). Either way the sentence must still hold their
# details or case (see ``find_residents``), as for any other candidate.
_NAME_RUN = regex.compile(rf"(?<![\w'’@#&/.-])(?:{_NAME_WORD})(?:[ ](?:{_NAME_WORD})){{0,3}}(?![\w'’&])")
# Words that open a sentence or a greeting in front of a name, and are dropped from the run.
_RUN_LEAD_WORDS = frozenset(
    """Thanks Thank Hi Hello Dear Cheers Morning Evening Missing Found Lost Update Casework Huge Big
    Congratulations Welcome Well Done Sorry Please Meet Ask Tell Call Ring Email Contact Visited Spoke""".split()
)
# Capitalised words that start sentences or name things, never a resident, on top of _NOT_NAMES.
_NOT_RUN_WORDS = frozenset(
    """Residents Resident Neighbours Neighbour Tenants Tenant Families Family People Person Nobody Somebody
    No One None Kids Children Keys Bins Bin Repairs Damp Mould Enforcement Objections Committee Has Have Had Is Was
    Are Were Who What When Where Why How Can Could Would Should Will Did Does Do Yes Not Just Also Only Again
    Then There Here Now Anyway Sadly Finally Apparently Unfortunately Luckily Hopefully Meanwhile However Some
    Many Most Every Each Both Another Other Local Older Elderly Disabled Vulnerable Home Homes Universal Credit
    National Insurance Benefits Jobcentre Social Care Adult Children's Care Mental Blue Badge Tax Free School
    Meals Food Bank Age Concern Citizens Advice Warden Nurse Nurses District Community Hub Library Centre
    Mon Tue Tues Wed Thu Thur Thurs Fri Sat Sun Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec""".split()
)
# What, right after a run, makes it a person's name: their own things, their details in
# brackets, their age or birth, where they live, that they rang, that they are waiting.
_OWN_THINGS = r"""(?i:nhs|national[ ]insurance|ni|phone|mobile|number|address|e-?mail|house|home|flat|front[ ]door
    |door|garden|cellar|kitchen|bathroom|roof|windows?|fence|drive(?:way)?|car|van|scooter|mobility|wheelchair
    |keys|purse|wallet|handbag|bag|dog|cat|case|claim|appeal|benefits?|pension|universal[ ]credit|council[ ]tax|rent
    |arrears|tenancy|bins?|boiler|heating|referral|records|appointment|operation|medication|care|carer|debt
    |landlord|neighbours?|children|kids|son|daughter|husband|wife|partner|mum|dad|family|application|complaint
    |transfer|request|repairs?|assessment|hearing|mother|father|housing)"""
_RUN_TAIL = regex.compile(
    rf"""(?:['’]s[ ]+(?:[\w-]+[ ]+){{0,2}}?{_OWN_THINGS}\b
    |,[ ]+(?:(?i:born|aged|age|whose|who)\b|[0-9]{{1,3}},)
    |[ ]+(?:from|of|at|on|in)[ ]+(?:(?:Flat|Apartment|Apt|Unit|No\.?|Number)[ ][0-9]|(?:\p{{Lu}}[\p{{L}}'’\-]*[ ]+){{1,3}}
        (?:Cottage|House|Farm|Lodge|Forge|Mansions|Towers|Heights)\b|The[ ]+\p{{Lu}}[\p{{L}}'’\-]*,)
    # a bare street (no number) only where a person's verb follows it ("Sian on Oak Road has been")
    |[ ]+(?:from|of|at|on|in)[ ]+(?:\p{{Lu}}[\p{{L}}'’\-]*[ ]+){{1,4}}?{STREET_WORD}\b\.?
        [ ]+(?:has|had|is|was|rang|phoned|called|says|said|told)\b
    |[ ]+(?i:rang|rung|phoned|called[ ]me|texted|emailed|messaged|contacted|wrote[ ]to)\b
    |[ ]+here,
    |[ ]+(?i:has|had)[ ]+(?i:two|three|four|five|six|\d|young|small|disabled)[ ]+(?i:children|kids)\b
    |[ ]+(?i:has|have|had|is|was)[ ]+(?i:still[ ]+)?(?i:been[ ]+)?(?i:waiting|without|stuck|evicted|housebound|refused
        |left[ ]without|had[ ]no|no[ ]longer|not[ ]had|in[ ]arrears|sanctioned|struggling|unable))""",
    regex.VERBOSE,
)
# What, right before a run, introduces a person (the run must then end its phrase).
_RUN_LEAD = regex.compile(
    r"""(?i:thank[ ]you|thanks[ ]to|thanks|seen|saying|named|called|c/o|care[ ]of|me[ ]and|next[ ]door[ ]to
    |neighbour|behalf[ ]of|belonging[ ]to|resident|constituent|especially|including|reported[ ]by|raised[ ]by
    |flagged[ ]by|copying[ ]in|cc|fao|f\.a\.o\.?|mention[ ]to|welcome[ ]to|congratulations[ ]to)[ ]+$""",
    regex.VERBOSE,
)
_RUN_LEAD_END = regex.compile(r"[ ]*(?:[,:;!.?()]|[ ](?i:for|who|whose|at|of|from|on)\b|$)")
# Where someone lives, right after their name: "Kwame from 64 Manor Rd" (an address the
# analyser found must start there: "Jo at 7pm" and "Sam in 2019" are not addresses).
_LIVES_AT = regex.compile(r"[ ]+(?:from|of|at|on|in)[ ]+")
# Where someone lives, by their house number alone: "Rhian Pritchard at number 63", "Tony Barker frm no 6".
# Not a place in a table or a chart ("Arsenal at number 1 in the league").
_AT_NUMBER = regex.compile(
    r"[ ]+(?i:at|from|frm|of|in)[ ]+(?i:number|no\.?|num)[ ]*[0-9]{1,4}[a-z]?(?![\w/])(?![ ]+(?i:in|on)[ ]+the\b)")
# Where someone lives, by their street alone, as local news names people: "Craig Haigh of Wesley
# Street", "Deborah from Hillcrest Rise", "Geraint Bowen of Heol Pentre". Not a street that is part
# of a longer name ("Sarah from Church Street Surgery"). A person "at" or "on" a street may only be
# passing ("met Dave on Briggate"); a family there lives there ("the Hardys on Moor Top Road").
_STREET_AFTER = (rf"(?P<street>(?:\p{{Lu}}[\p{{L}}'’-]*[ ]+){{1,3}}?{STREET_WORD}"
                 r"|(?:Heol|Ffordd|Stryd|Lôn|Rhodfa)[ ]+\p{Lu}[\p{L}'’-]*(?:[ ]+\p{Lu}[\p{L}'’-]*)?)(?![ ]+\p{Lu})(?![\w'’])")
_OF_STREET = regex.compile(r"[ ]*,?[ ]+(?i:of|from)[ ]+" + _STREET_AFTER)
_FAMILY_STREET = regex.compile(r"['’]?(?:[ ]+(?i:house|household|family|kids|children|boys|girls|lads))?"
                               r"[ ]*,?[ ]+(?i:of|from|on|in|at)[ ]+" + _STREET_AFTER)
# A family by its surname: "the Nguyens", "the Hardys'", "the Rafferty house", "the Doyle kids".
# It counts only as a resident's does, beside an address, a street, a case or their details. A
# plural before a lower-case word other than a verb or a preposition names a thing ("the Penrhos
# regeneration scheme").
_FAMILY = "a family by their surname"
# Capitalised plurals after "the" that are not families: parties, faiths, peoples, groups of a
# club or a body, teams, the Houses.
_FAMILY_NOT_NAMES = frozenset("""Tories Greens Conservatives Nationalists Unionists Democrats Liberals Socialists
    Muslims Christians Jews Sikhs Hindus Catholics Protestants Methodists Quakers Brits Scots Poles Romas Travellers
    Friends Trustees Governors Guides Scouts Brownies Cubs Beavers Rangers Wardens Residents Councillors Volunteers
    Elders Seniors Juniors Veterans Commons Lords Olympics Games Paralympics Reds Blues Whites Rhinos Owls Blades
    Saints Magpies Tigers Lions Wolves Robins Bees Cherries Villans Hammers Spurs Gunners Tykes Millers Bantams""".split())
_FAMILY_NAME = regex.compile(
    r"(?<![\w])(?i:the)[ ]+(?:(?P<name>\p{Lu}\p{Ll}+(?<=[^s]s|[^s]es))['’]?"
    r"(?=[,.;:!?)]|$|[ ]+(?:are|were|have|had|who|on|in|at|from|of|next|opposite|and|&)\b)"
    r"|(?P<name>\p{Lu}\p{Ll}+)[ ]+(?=(?i:house|household|family|kids|children|boys|girls|lads)\b))")
# A child by their school year right after their name: "Ellie-Mae Foster (Year 4, St Bartholomew's)",
# "Harvey (Reception)", "Leah, Y9,". A child's name with their class is theirs to keep off a page.
_SCHOOL_YEAR = regex.compile(
    r"(?:[ ]*\([ ]*|[ ]*,[ ]*|[ ]+(?i:in|from)[ ]+)(?P<year>(?i:year[ ]?(?:[1-9]|1[0-3])|y(?:[1-9]|1[0-3])|reception)(?![\w]))")
# A contact detail or address this close after a run, past a comma or an opening bracket.
_DETAIL_GAP = regex.compile(r"[ ]*(?:,[ ]*|<|\([ ]*(?:(?i:dob|d\.o\.b\.?|born|tel|mob|mobile|phone|email|e-mail|address)[: ]*)?)")
# Words that make the sentence next door a roll of cases, for the names a title or frame introduces.
_CASES_NEXT_DOOR = regex.compile(r"\b(?i:cases|casework|referred|referrals?)\b")
# A detail right before a run, then a dash, a comma or an opening bracket: "14 Oak Rd – Jean:".
_GAP_AFTER_DETAIL = regex.compile(r"(?:[ ]*[–—-][ ]*|,[ ]*|[ ]*\([ ]*)$")
# A house number alone, then a dash, opening a list item: "No. 31 – Gurpreet: damp" (the street
# was named before the list, so the analyser found no address here).
_HOUSE_NUMBER_BEFORE = regex.compile(r"(?:(?i:no|number|flat|unit|apt)\.?[ ]*|#)[0-9]{1,4}[a-zA-Z]?[ ]*[–—-][ ]*$")
# What closes a list item that a name ends ("14 Oak Rd – Jean: no heating", "(Jean)").
_ENDS_ITEM = regex.compile(r"[ ]*(?:[:;)\n]|$)")
# Names listed together share what the sentence says of them: "Mr Adeyemi, Miss Liu and ...".
_LISTED_WITH = regex.compile(r"(?:[ ]*,[ ]*(?:(?:and|&)[ ]+)?|[ ]+(?:and|&)[ ]+)")
_UK_PLACES = frozenset(builtin("uk-places"))
_PLACE_BEFORE = regex.compile(
    r"(?<![\w])(?<!(?i:copying|copied|looping|cc)[ ])(?i:in|near|around|across|outside|inside|within|into|through|via)[ ]+$"
)
_DETERMINER_BEFORE = regex.compile(r"(?<![\w])(?i:the|this|that)[ ]+$")


def _attached_names(text: str, details: Sequence[PiiHit]) -> list[tuple[int, int, str]]:
    """Runs of capitalised words that read as a private person's name by what is attached to them."""
    detail_starts = {h.start for h in details}
    detail_ends = {h.end for h in details}
    address_starts = {h.start for h in details if h.entity == "STREET_ADDRESS"}
    out: list[tuple[int, int, str]] = []
    for m in _NAME_RUN.finditer(text):
        words = m.group().split(" ")
        start, end = m.start(), m.end()
        for i, w in enumerate(words[:-1]):
            if w.endswith(("'s", "’s")):  # "Yusuf's National Insurance": the name ends at the possessive
                end -= len(" ".join(words[i + 1 :])) + 1
                words = words[: i + 1]
                break
        while words and words[0] in _RUN_LEAD_WORDS:
            start += len(words.pop(0)) + 1
        if words and words[-1].endswith(("'s", "’s")):
            words[-1] = words[-1][:-2]  # "Here's", "Yusuf's": the word itself is what counts
        if not words or any(w in _NOT_NAMES or w in _NOT_RUN_WORDS or w in _ORG_WORDS for w in words):
            continue
        if " ".join(words).lower() in _UK_PLACES or words[0] in _PLACES:
            continue
        if _PLACE_BEFORE.search(text, max(0, start - 8), start):
            continue  # "this family in Armley has been waiting": a place, not a person
        if len(words) == 1 and len(words[0]) > 5 and words[0].endswith("ing"):
            continue  # "Flooding on Oak Road has been...": a sentence's subject, not a name
        if text[end - 2 : end] in ("'s", "’s"):
            end -= 2  # a name word may hold an apostrophe ("O'Brien"), so the possessive comes off here
        before = _GAP_AFTER_DETAIL.search(text, max(0, start - 6), start)
        gap = _DETAIL_GAP.match(text, end)
        if before is not None and before.start() in detail_ends and _ENDS_ITEM.match(text, end):
            out.append((start, end, "a name right after their details"))
        elif _HOUSE_NUMBER_BEFORE.search(text, max(0, start - 16), start) and _ENDS_ITEM.match(text, end):
            out.append((start, end, "a name right after their house number"))
        elif start > 0 and text[start - 1] == "(" and text[end : end + 1] == ")":
            out.append((start, end, "a name in brackets"))
        elif gap is not None and gap.end() > end and any(d in detail_starts for d in range(end + 1, gap.end() + 1)):
            out.append((start, end, "a name with their details right after it"))
        elif (at := _LIVES_AT.match(text, end)) is not None and at.end() in address_starts:
            out.append((start, end, "where the sentence says they live"))
        elif _AT_NUMBER.match(text, end):
            out.append((start, end, "a name with their house number after it"))
        elif _OF_STREET.match(text, end):
            out.append((start, end, "a name with the street they live on"))
        elif _SCHOOL_YEAR.match(text, end):
            out.append((start, end, "a child's name with their school year"))
        elif _RUN_TAIL.match(text, end):
            out.append((start, end, "what the sentence says right after the name"))
        elif _RUN_LEAD.search(text, max(0, start - 30), start) and _RUN_LEAD_END.match(text, end):
            out.append((start, end, _INTRODUCED))
    return out


_SENTENCE_OPENS = regex.compile(r"""(?:^|[.!?\n][ ]*|[.!?]['"’”)][ ]*)$""")
_LOWER_NEXT = regex.compile(r"[ ]+\p{Ll}")


def _named_again(text: str, names: Sequence[PiiHit], taken: Sequence[tuple[int, int]]) -> list[PiiHit]:
    """Other mentions of a marked resident by their first name ("Assisted collection restored
    for 18 Oak Drive (Callum Campbell). Thanks for your patience, Callum."): a rewrite that
    removed one mention and left the other would still name them. One pass over the text."""
    by_first: dict[str, PiiHit] = {}
    by_last: dict[str, PiiHit] = {}
    for n in names:
        name = text[n.start : n.end]
        parts = name.split()
        last = parts[-1].rstrip(".")  # a one-word name is its own last: "Kofi … #KofiEze"
        if len(last) >= 3 and last not in _NOT_NAMES and last[:1].isupper():
            by_last.setdefault(last, n)
        titled = _PRIVATE_TITLE.match(name)
        if titled:
            # "Mrs Jones" again is found by its title, and "Mrs" alone names no one; "Ms Ffion
            # Price" has a first name of her own, after the title.
            given = titled["name"].split()
            if len(given) < 2:
                continue
            parts = given
        first = parts[0]
        if len(first) >= 2 and first not in _NOT_NAMES and first not in _NOT_RUN_WORDS:
            by_first.setdefault(first, n)
    if not by_first and not by_last:
        return []
    # What is marked already, merged into disjoint runs, so each mention is one bisect.
    merged: list[list[int]] = []
    for a, b in sorted([(n.start, n.end) for n in names] + list(taken)):
        if merged and a < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    run_starts = [a for a, _ in merged]

    def free(span: tuple[int, int]) -> bool:
        k = bisect.bisect_right(run_starts, span[0]) - 1  # the last run starting at or before it
        return not ((k >= 0 and merged[k][1] > span[0]) or (k + 1 < len(merged) and merged[k + 1][0] < span[1]))

    # A first name on its own; a name run into a hashtag ("Mr Zhang … #HaoZhang", "#KofiEze").
    words = "|".join(regex.escape(w) for w in sorted(by_first, key=len, reverse=True)) or "(?!)"
    lasts = "|".join(regex.escape(w) for w in sorted(by_last, key=len, reverse=True)) or "(?!)"
    alone = regex.finditer(rf"(?<![\w'’@#&/.-])(?P<name>{words})(?![\w'’&-])", text)
    tagged = regex.finditer(
        rf"(?<=#)(?:\p{{Lu}}[\p{{Ll}}'’]+){{0,2}}(?P<name>{lasts})(?:\p{{Lu}}[\p{{Ll}}'’]+){{0,2}}(?![\w])", text)
    out: list[PiiHit] = []
    for found, lookup in ((alone, by_first), (tagged, by_last)):
        for m in found:
            span = m.span()
            if not free(span):
                continue
            if lookup is by_first and _SENTENCE_OPENS.search(text, max(0, span[0] - 8), span[0]) \
                    and _LOWER_NEXT.match(text, span[1]):
                continue  # "Mark Ogden … Mark your calendars": a word that opens a sentence
            n = lookup[m["name"]]
            out.append(_hit(*span, n.score, f"a name already marked ('{text[n.start:n.end]}'), named again",
                            n.reason.own_details))
    return out


# A contact detail given as someone's: "msg him on 07700 …", "ring her at …".
_CONTACT_THEM = regex.compile(r"(?i:msg|message|text|txt|call|ring|phone|contact|e-?mail|dm)[ ]+(?:him|her)[ ]+(?:on|at)[ ]*$")
# A first name in the possessive, which the small model often calls an organisation: "Emyr's cat".
# Not a shop's or a site's: "near Tesco's car park".
_POSSESSIVE_NAME = regex.compile(
    r"(?<![\w'’@#&/.-])(?P<name>\p{Lu}\p{Ll}+)['’]s(?![\w])(?![ ]+(?i:car[ ]park|shop|store|garage|cafe|café|pub|bar"
    r"|restaurant|salon|pharmacy|chemist|office|yard|site|depot|showroom|warehouse|branch|entrance|forecourt)\b)"
)
_CONTACT_OWNER = "the person whose contact details the post gives"
_SAINT_BEFORE = regex.compile(r"(?<![\w])(?:St|Saint)\.?[ ]+$")


_COMMA_BEFORE = regex.compile(r",[ ]*$")
_COMMA_AFTER = regex.compile(r",?[ ]*")


_APPOSED_PERSON = regex.compile(r",[ ]+(?:has|have|had|is|was|who|says|said|keeps|kept|rang|told|won['’]t|can['’]t)\b")


def _locality(text: str, start: int, end: int, address_ends: set[int], postcode_starts: set[int]) -> bool:
    """Whether the words at ``start:end`` are the town in an address: straight after a street
    address and a comma, or between a comma and the postcode ("…, Middleton, LS10 4UZ"). A name
    on a line of its own before a postcode ("Keith, WF26 6XQ") is not: no comma before it."""
    comma = _COMMA_BEFORE.search(text, max(0, start - 4), start)
    if comma is None:
        return False
    if comma.start() in address_ends:
        # "the bloke at 4 Rossefield Walk, Darren Pickles, has been dumping …": a person in
        # apposition, whom the sentence goes on about, not the town.
        return _APPOSED_PERSON.match(text, end) is None
    after = _COMMA_AFTER.match(text, end)
    return after is not None and after.end() in postcode_starts


# A sentence that goes on about the person just named: "Jolene from the estate. She was sectioned
# last month." ("They" may be the council.)
_HE_OR_SHE_OPENS = regex.compile(r"[ \n]*(?i:she|he)(?:['’](?:s|d|ll))?\b")


def _case_beside(text: str, span: tuple[int, int], how: str, *, after: bool) -> regex.Match[str] | None:
    """The case a neighbouring sentence (``span``) gives a name found ``how``: a roll of cases
    next door, or, in the sentence after a private title or a meeting, the person's own case
    ("Met Mrs Nowak today. Still waiting on a date for her operation."), or in the sentence after
    any name, one that goes on about them ("… She was sectioned last month."). After a meeting or
    in such a sentence the case must say what it is; spaCy's guess alone takes only the latter."""
    if how == _SPACY:  # the small model's guess alone: only the person's own sentence after it
        return _own_case(text, span) if after and _HE_OR_SHE_OPENS.match(text, span[0]) else None
    found = _CASES_NEXT_DOOR.search(text, *span)
    if found is not None or not after:
        return found
    if how == _TITLE:
        return _CASEWORK.search(text, *span)
    if how == _MET or _HE_OR_SHE_OPENS.match(text, span[0]):
        return _own_case(text, span)
    return None


def _own_case(text: str, span: tuple[int, int]) -> regex.Match[str] | None:
    """A case in ``span`` that says what it is: "still waiting" alone may be anyone's wait for a
    bus or a train."""
    return next((c for c in _CASEWORK.finditer(text, *span) if c.group().strip().lower() != "waiting"),
                None) or _WAITING_OWN.search(text, *span)


def _contact_owner(text: str, details: Sequence[PiiHit], names: Sequence[PiiHit],
                   candidates: Sequence[tuple[int, int]], public_words: set[str]) -> list[PiiHit]:
    """The private person a phone number or e-mail is given for ("Anyone seen Emyr's cat?? …
    msg him on 07700 900400"): the last name before it, when no resident is marked before it.
    ``candidates``: the names the post has that passed every test but a case of their own."""
    out: list[PiiHit] = []
    owners: list[tuple[int, int]] | None = None  # found on the first number given for someone
    for d in details:
        if d.entity not in ("PHONE_NUMBER", "EMAIL_ADDRESS") or any(n.start < d.start for n in (*names, *out)):
            continue
        if not _CONTACT_THEM.search(text, max(0, d.start - 24), d.start):
            continue
        if owners is None:
            owners = [*candidates, *_possessive_names(text, public_words)]
        found = [c for c in owners if c[1] <= d.start]
        if found:
            start, end = max(found, key=lambda c: c[1])
            out.append(_hit(start, end, NEAR_DETAILS, f"{_CONTACT_OWNER}: '{text[d.start:d.end]}'", _what(d)))
    return out


def _possessive_names(text: str, public_words: set[str]) -> list[tuple[int, int]]:
    """First names in the possessive that name nobody public, no street and no shop."""
    out = []
    for m in _POSSESSIVE_NAME.finditer(text):
        word = m["name"]
        if _STREETISH.match(text, m.end("name")) or _SAINT_BEFORE.search(text, max(0, m.start() - 7), m.start()):
            continue  # "St Mary's Street", "Saint Anne's": a street or a church, not a person
        if not (word in _NOT_NAMES or word in _NOT_RUN_WORDS or word in _PLACES or word in _ORG_WORDS
                or word in _SHOP_WORDS or word in public_words or word.lower() in _UK_PLACES):
            out.append(m.span("name"))
    return out


def _sentences(doc: Doc, n: int) -> list[int]:
    starts = [s.start_char for s in doc.sents] if doc.has_annotation("SENT_START") else [0]
    return starts or [0]


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


_DASH = regex.compile(r"\s+[-–—]\s+")
_DIGITS_TAIL = regex.compile(r"\s+[+(]?\d[\d\s()+-]*$")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop leading lower-case words ("a Karen Whitley"), anything from an opening bracket, a dash
    or a closing number, a possessive and trailing punctuation from a name span."""
    while True:
        if (m := _LEADING_LOWER.match(text, start, end)) is not None:
            start = m.end()
        elif (m := _LEADING_WORD.match(text, start, end)) is not None and m[1] in _RUN_LEAD_WORDS:
            start = m.end()  # spaCy's PERSON often takes in the verb before a name ("Visited Mrs Ferreira")
        else:
            break
    if (bracket := text.find("(", start, end)) > start:
        end = bracket  # spaCy's PERSON may run into a bracket after the name ("Harvey (Reception")
    if (dash := _DASH.search(text, start, end)) is not None and dash.start() > start:
        end = dash.start()  # or past a dash ("Winston Henry - housing benefit …")
    if (digits := _DIGITS_TAIL.search(text, start, end)) is not None and digits.start() > start:
        end = digits.start()  # or into the number after it ("Mohammed Rafiq 07700 900318")
    s = text[start:end]
    for tail in ("'s", "’s"):
        if s.endswith(tail):
            end -= 2
            s = s[:-2]
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return start, end


def _public_names(text: str) -> tuple[list[tuple[int, int]], list[str], set[str]]:
    """Spans of public people and businesses, what each is called, and their name words
    (public for the whole post)."""
    spans: list[tuple[int, int]] = []
    names: list[str] = []
    words: set[str] = set()
    for pattern in (_PUBLIC_BEFORE, _PUBLIC_AFTER, _ROLE_APPOSITION, _BUSINESS):
        for m in pattern.finditer(text):
            # A business's whole name is public, not only the person it is named after
            # ("Grant & Sons Funeral Directors").
            spans.append(m.span() if pattern is _BUSINESS else (m.start("name"), m.end("name")))
            names.append(m.group().strip())
            # "Thwaite's Butchers": the name word is "Thwaite", whoever it is written for.
            words.update(w.removesuffix("'s").removesuffix("’s") for w in m["name"].split() if w not in _NOT_NAMES)
    return spans, names, words


def _candidates(text: str, doc: Doc, details: Sequence[PiiHit]) -> list[tuple[int, int, str]]:
    """Possible names: (start, end, how found). Titled names keep their title in the span."""
    out: list[tuple[int, int, str]] = _attached_names(text, details)
    for m in _PRIVATE_TITLE.finditer(text):
        out.append((m.start(), m.end(), _TITLE))
    for ent in doc.ents:
        if ent.label_ in ("PERSON", "PER"):
            out.append((ent.start_char, ent.end_char, _SPACY))
    for pattern in (_FRAMES, _ADDRESSED):
        for m in pattern.finditer(text):
            first = m["name"].split()[0]
            if first not in _NOT_NAMES:
                met = pattern is _FRAMES and m["met"] is not None
                out.append((m.start("name"), m.end("name"), _MET if met else _INTRODUCED))
    for m in _HASHTAG_NAME.finditer(text):
        out.append((m.start("name"), m.end("name"), _HASHTAG))
    if (opening := _OPENS_TO.match(text)) is not None:
        out.append((opening.start("name"), opening.end("name"), _TOLD))
    for pattern in (_HOME_OF, _SPOKEN_TO):
        for m in pattern.finditer(text):
            if m["name"].split()[0] not in _NOT_NAMES:
                out.append((m.start("name"), m.end("name"), _INTRODUCED))
    for m in _SIGNED.finditer(text):
        if (n := _SIGNED_NAME.match(text, m.end())) is not None:
            out.append((n.start("name"), n.end("name"), _SIGNATORY))
    for m in _FAMILY_NAME.finditer(text):
        if m["name"] not in _NOT_NAMES and m["name"] not in _FAMILY_NOT_NAMES:
            out.append((m.start("name"), m.end("name"), _FAMILY))
    return out


def find_residents(text: str, doc: Doc, hits: Sequence[PiiHit]) -> tuple[list[PiiHit], list[PiiHit]]:
    """(resident names, ``hits`` with the details beside a resident's name raised).

    ``hits`` are the analyser's other hits for ``text``; ``doc`` its spaCy Doc.
    """
    public_spans, public_names, public_words = _public_names(text)
    details = [h for h in hits if h.entity in DETAIL_ENTITIES]
    taken = [(h.start, h.end) for h in hits]
    address_ends = {h.end for h in hits if h.entity == "STREET_ADDRESS"}
    postcode_starts = {h.start for h in hits if h.entity == "UK_POSTCODE"}
    starts = _sentences(doc, len(text))

    def sentence(pos: int) -> int:
        return bisect.bisect_right(starts, pos) - 1

    # Merge candidates: a titled span wins over the bare name inside it.
    chosen: list[tuple[int, int, str]] = []
    spans = DisjointSpans()  # chosen's spans
    # Where spaCy and a title or frame find the same name, the title or frame says how.
    trimmed = [(*_trim(text, s, e), how) for s, e, how in _candidates(text, doc, details)]

    def keep(start: int, end: int, how: str) -> bool:
        if end <= start or spans.overlaps(start, end):
            return False
        if how != _TITLE and _locality(text, start, end, address_ends, postcode_starts):
            return False  # "17 Ashwood Drive, Gildersome", "St George's Centre, Middleton, LS10 4UZ"
        name = text[start:end]
        words = list(regex.sub(r"^(?:Mr|Mrs|Ms|Miss|Mx|Master)\.?(?:[ ]+and[ ]+(?:Mr|Mrs|Ms|Miss|Mx)\.?)?[ ]+",
                                      "", name).split())
        if not words or all(w in _NOT_NAMES for w in words):
            return False
        if how in (_SPACY, _LISTED) and all(w in _NOT_RUN_WORDS for w in words):
            return False  # spaCy's PERSON on a sentence's first word ("Keys handed in...")
        if how == _SPACY and len(words) == 1 and words[0].lower() in _ROLE_NOUNS:
            return False  # spaCy's PERSON on a noun of a role ("Landlord fined £30,000")
        if any(_overlaps((start, end), p) for p in public_spans) or (words and words[-1] in public_words):
            return False
        if words[-1] in _STREET_WORDS or words[-1].rstrip(".") in _STREET_WORDS or words[0] in ("St", "Saint"):
            return False  # spaCy's PERSON on a street name ("Rosebank Walk", "St Mary's Close")
        if not name[:1].isupper() or any(w in _ORG_WORDS for w in words) or words[0] in _PLACES:
            return False  # spaCy's PERSON on a common noun ("bin") or an organisation ("Leeds Homes")
        if words[-1] in _SHOP_WORDS:
            return False  # spaCy's PERSON on a shop's name ("Dawson's Cafe")
        if any(_overlaps((start, end), t) for t in taken) or _STREETISH.match(text, end):
            return False  # part of an address, or a place ("Beckhill Court", "Armley Library")
        if start > 0 and text[start - 1] in "@#" and how != _HASHTAG:
            return False
        if how != _TITLE and text[end : end + 1] == ":" and _AREA_HEADING.search(text, max(0, start - 40), start):
            return False  # "Casework round-up for Seacroft:": an area, not a person
        if how != _FAMILY and _DETERMINER_BEFORE.search(text, max(0, start - 6), start):
            return False  # "the Seacroft parking scheme": a name after "the" names a thing
        if how in (_LISTED, _TOLD) and any(w in _NOT_NAMES or w in _NOT_RUN_WORDS for w in words):
            return False
        # "Casework round-up for Bradford:": a place, not a person (a title says otherwise)
        return how == _TITLE or " ".join(words).lower() not in _UK_PLACES

    for start, end, how in sorted(trimmed, key=lambda c: (c[0], -(c[1] - c[0]), c[2] == _SPACY)):
        if keep(start, end, how):
            chosen.append((start, end, how))
            spans.add(start, end)
    # A name listed beside a chosen one, either side ("especially Mr Adeyemi, Miss Liu and ...").
    # Indexed by where a name starts and where the list gap after one ends, so that a post with
    # thousands of names stays linear; each pass runs both ways, so a chain grows in one pass.
    runs = [_trim(text, *m.span()) for p in (_PRIVATE_TITLE, _NAME_RUN) for m in p.finditer(text)]
    at_start: dict[int, list[int]] = {}  # start -> indexes into chosen
    after_gap: dict[int, list[int]] = {}  # end of the list gap after a chosen name -> indexes

    def index(i: int) -> None:
        s, e, _ = chosen[i]
        at_start.setdefault(s, []).append(i)
        if (gap := _LISTED_WITH.match(text, e)) is not None:
            after_gap.setdefault(gap.end(), []).append(i)

    for i in range(len(chosen)):
        index(i)
    grew = True
    while grew:
        grew = False
        for start, end in [*runs, *reversed(runs)]:
            after = _LISTED_WITH.match(text, end)
            near_ones = (at_start.get(after.end(), []) if after is not None else []) + after_gap.get(start, [])
            beside = [chosen[i][2] for i in near_ones]
            if not beside:
                continue
            if keep(start, end, _LISTED):
                chosen.append((start, end, _LISTED))
                spans.add(start, end)
                index(len(chosen) - 1)
                grew = True
            elif any(how != _SPACY for how in beside):
                # Chosen already on spaCy's word alone, which needs its case in its own sentence:
                # listed beside a name the sentence introduces, it is introduced the same way.
                for i in at_start.get(start, []):
                    if chosen[i] == (start, end, _SPACY):
                        chosen[i] = (start, end, _LISTED)
                        grew = True

    # An organisation's published line or mailbox ("Action Fraud on 0300 123 2040") makes no one
    # beside it a resident.
    private = [d for d in details if _published(text, d, starts[sentence(d.start)]) is None]
    names: list[PiiHit] = []
    opening = _OPENS_TO.match(text)  # a title may have won the opening name's span: checked by place
    for start, end, how in chosen:
        # The sentence splitter may cut after "Mrs." : the name belongs to the sentence it ends in.
        first, here = sentence(start), sentence(end - 1)
        same = [d for d in private if first <= sentence(d.start) <= here]
        near = [d for d in private if sentence(d.start) in (first - 1, here + 1)]
        sent_end = starts[here + 1] if here + 1 < len(starts) else len(text)
        case = _outside(_CASEWORK, text, starts[first], sent_end, spans)
        if case is None:
            for other in (first - 1, here + 1):
                if 0 <= other < len(starts):
                    span = (starts[other], _sentence_end(starts, other, len(text)))
                    case = _case_beside(text, span, how, after=other == here + 1)
                    if case is not None:
                        break
        if case is None and opening is not None and start <= opening.start("name") < end <= opening.end("name") + 1:
            case = _THEIR_CASE.search(text, starts[first], sent_end)
        if case is None and how != _SPACY:
            # Named among those who signed (or listed beside one who is): the signature is the case.
            case = _SIGNED.search(text, starts[first], sent_end)
        if how == _HASHTAG:  # a campaign for one person: the post as a whole says what their case is
            case = case or _CASEWORK.search(text)
            near = near or [d for d in details if d not in same]
        own = None
        number = _AT_NUMBER.match(text, end)
        street = (_FAMILY_STREET if how == _FAMILY else _OF_STREET).match(text, end)
        school_year = _SCHOOL_YEAR.match(text, end)
        if same:
            own = _what(same[0])
            score, why = WITH_DETAILS, f"a name ({how}) in the same sentence as {own}"
        elif number is not None:
            score, why = WITH_DETAILS, f"a name ({how}) with their house number ('{number.group().strip()}')"
        elif street is not None:
            score, why = WITH_DETAILS, f"a name ({how}) with the street they live on ('{street.group('street')}')"
        elif school_year is not None:
            score, why = WITH_DETAILS, f"a child's name ({how}) with their school year ('{school_year.group('year')}')"
        elif case:
            score, why = WITH_CASE, f"a name ({how}) beside details of their case ('{case.group().strip()}')"
        elif near and how != _SPACY:
            # A name next to (not in) the sentence with the details: only a name the sentence
            # introduces as a person (a private title, a frame); spaCy's guess alone is too weak.
            own = _what(near[0])
            score, why = NEAR_DETAILS, f"a name ({how}) in the sentence next to {own}"
        else:
            continue
        names.append(_hit(start, end, score, why, own))
    names += _contact_owner(text, details, names, [(s, e) for s, e, _ in chosen], public_words)
    names += _named_again(text, names, taken + public_spans)

    raised = []
    resident_sentences = {sentence(n.end - 1): text[n.start : n.end] for n in names}
    public_by_sentence: dict[int, str] = {}
    for (ps, _), called in zip(public_spans, public_names, strict=True):
        public_by_sentence.setdefault(sentence(ps), called)
    for h in hits:
        here = sentence(h.start)
        who = resident_sentences.get(here)
        owner = public_by_sentence.get(here) or public_by_sentence.get(here - 1)
        owned_by_public = (h.entity in _RAISED and who is None and owner is not None and h.score > DETAIL_OF_PUBLIC
                           and not any(s in resident_sentences for s in (here - 1, here + 1))
                           and not _PRIVATE_DETAIL_CUE.search(text, starts[here],
                                                              _sentence_end(starts, here, len(text))))
        published = _published(text, h, starts[here]) if h.entity in _RAISED and not owned_by_public else None
        if owned_by_public:
            # An MP's office, a shop's number, an officer's work e-mail: published, not personal.
            reason = replace(h.reason, score=DETAIL_OF_PUBLIC, public_owner=owner)
            raised.append(replace(h, score=DETAIL_OF_PUBLIC, reason=reason))
        elif published is not None and h.score > DETAIL_OF_PUBLIC:
            # The council's line, a team's mailbox: the post says whose it is, even beside a resident.
            reason = replace(h.reason, score=DETAIL_OF_PUBLIC, published_as=published)
            raised.append(replace(h, score=DETAIL_OF_PUBLIC, reason=reason))
        elif h.entity in _RAISED and who is not None:
            score = max(h.score, DETAIL_NEAR_RESIDENT)
            reason = replace(h.reason, score=score, near_person=who)
            raised.append(replace(h, score=score, reason=reason))
        else:
            raised.append(h)
    return names, raised


# A public body's or an organisation's own e-mail: its domain, or a mailbox no person owns.
_PUBLIC_DOMAIN = regex.compile(
    r"@(?:[\w-]+\.)*(?:gov\.uk|gov\.wales|llyw\.cymru|gov\.scot|parliament\.uk|senedd\.wales|parliament\.scot"
    r"|police\.uk|nhs\.uk|nhs\.net|[\w-]+\.ac\.uk|sch\.uk)$", regex.IGNORECASE)
_ROLE_MAILBOX = regex.compile(
    r"^(?:info|enquiries|enquiry|contact|hello|office|admin|team|help|support|bookings?|press|media|news|planning"
    r"|highways|parking|waste|housing|licensing|parks|complaints|feedback|customer\.?services|reception|sales"
    r"|volunteer|volunteering|volunteers|events?|membership|secretary|referrals?)@",
    regex.IGNORECASE)
# A body the sentence says the number or address belongs to, right before it: "call the
# council on", "report it to Highways on", "email the team at".
_BODY_BEFORE = regex.compile(
    r"""(?i:\b(?:call|ring|phone|text|contact|email|e-mail|write[ ]to|reach|report[^.;!?\n]{0,40}?[ ]to)[ ]+(?:the[ ]+|our[ ]+)?
    (?:city[ ]+|county[ ]+|borough[ ]+|district[ ]+|town[ ]+|parish[ ]+)?(?:council|helpline|hotline|contact[ ]centre|customer[ ]services
    |office|team|us|police|housing|highways|planning|parks|licensing|waste(?:[ ]services)?|environmental[ ]health
    |food[ ]?bank|hub|surgery|[\w-]+[ ](?:services|team|department|office|desk|line|hub|centre))[ ]+(?:(?:on|at|via)[ ]*:?[ ]*)?)$""",
    regex.VERBOSE,
)


# UK numbers no household has: freephone (0800, 0808, 0500), the non-geographic ranges of public
# bodies and charities (03), business and premium rates (084, 087, 09). Ofcom's numbering plan
# keeps residents' lines to geographic (01, 02) and mobile (07) numbers.
_ORGANISATION_RANGE = regex.compile(r"^(?:\+?44\s*(?:\(0\))?|0)\s*(?:800|808|500|3\d|84|87|9\d)")


# Trading premises just before an address: "the takeaway at 14 Station Road" is a business's
# address, as public as its sign (text/lexicons/business-places.txt, shared with the analysis).
_PREMISES_BEFORE = regex.compile(
    r"(?i)\b(?:the|a|that|this|their|our)[ ]+(?:[\w'’-]+[ ]+){0,2}?(?:"
    + "|".join(r"[ ]+".join(regex.escape(p) for p in w.split())
               for w in sorted(builtin("business-places"), key=len, reverse=True))
    + r")[ ]+(?:at|on)[ ]+$")


def _published(text: str, hit: PiiHit, sentence_start: int) -> str | None:
    """Who published this contact detail or address, when the post says it is an organisation's
    or the poster's own rather than a resident's; None otherwise."""
    value = text[hit.start : hit.end]
    if hit.entity == "STREET_ADDRESS":
        if (m := _PREMISES_BEFORE.search(text, max(sentence_start, hit.start - 60), hit.start)) is not None:
            return f"a business's premises ('{m.group().strip()}')"
        return None
    if hit.entity == "EMAIL_ADDRESS":
        if _PUBLIC_DOMAIN.search(value):
            return "a public body's e-mail domain"
        if _ROLE_MAILBOX.match(value):
            return "an organisation's mailbox"
    if hit.entity not in ("PHONE_NUMBER", "EMAIL_ADDRESS"):
        return None
    if hit.entity == "PHONE_NUMBER" and _ORGANISATION_RANGE.match(value):
        return "a freephone or non-geographic number, which no household has"
    lead = max(sentence_start, hit.start - 80)
    if (m := _BODY_BEFORE.search(text, lead, hit.start)) is not None:
        return f"the body the sentence names ('{m.group().strip()}')"
    return None


def _outside(pattern: regex.Pattern[str], text: str, lo: int, hi: int, names: DisjointSpans) -> regex.Match[str] | None:
    """The first match of ``pattern`` in ``text[lo:hi]`` outside every name chosen: "Mould" in
    "Terry Mould" is his surname, not the damp in his flat."""
    for m in pattern.finditer(text, lo, hi):
        if not names.overlaps(m.start(), m.end()):
            return m
    return None


def _sentence_end(starts: list[int], i: int, n: int) -> int:
    return starts[i + 1] if i + 1 < len(starts) else n


def _what(hit: PiiHit) -> str:
    return {
        "STREET_ADDRESS": "an address", "UK_POSTCODE": "a postcode", "PHONE_NUMBER": "a phone number",
        "EMAIL_ADDRESS": "an e-mail address", "DATE_OF_BIRTH": "a date of birth",
    }.get(hit.entity, "an identifying number")  # fmt: skip


def _hit(start: int, end: int, score: float, why: str, own_details: str | None = None) -> PiiHit:
    reason = PiiReason(recogniser=RECOGNISER, method="own", base_score=score, score=score, detail=why,
                       own_details=own_details)
    return PiiHit(entity=ENTITY, start=start, end=end, score=score, recogniser=RECOGNISER, reason=reason)
