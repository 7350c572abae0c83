"""Small held-out probes for choosing between training runs (never trained on).

Written for this purpose, in wordings that the templates in ``augment*.py`` do not use: plain
statements about groups (the identity head's bias), veiled threats that only claim knowledge of
someone's routine, and generic attacks on groups. They steer model selection; the measured
figures come from the public test sets and the blind split.
"""

PROBE_CLEAN = (
    "Muslims in Harehills opened the mosque to everyone for the open day.",
    "Travellers have used the site at Cottingley Springs since the 1980s.",
    "Asylum seekers are housed in the ward while their claims are decided.",
    "Jewish residents asked for more security around the synagogue.",
    "Polish families have settled on the estate over the last twenty years.",
    "Disabled people need step-free access at the new station.",
    "Gay couples married at the civic hall this summer.",
    "Migrants make up a large part of the care workforce.",
    "Trans people should be able to use council services without fear.",
    "Black residents are under-represented on the council.",
    "Refugees from Ukraine were welcomed by the parish.",
    "Sikhs organised the langar at the city square.",
    "Roma children are doing well at the primary school.",
    "Women are still paid less than men in the council's own figures.",
    "Immigrants opened three new shops on the parade this year.",
    "Older people told us they rely on the bus to the hospital.",
    "Hindus marked Diwali with lights along the high street.",
    "Eastern Europeans work on the farms around the town.",
    "Muslim councillors led the iftar at the town hall.",
    "Gypsies and Travellers are a recognised ethnic group under the law.",
    "Asylum seekers are not allowed to work while they wait.",
    "Catholics and Protestants share the church hall on Sundays.",
    "Young people want somewhere safe to meet in the evenings.",
    "Romanian families are moving into the new flats.",
    "Migrants are our nurses, our carers and our friends.",
    "Muslims are lovely neighbours.",
    "I'm proud to represent so many Travellers.",
    "We need more disabled people in public life.",
    "Trans people are valued members of this community.",
    "Black women are brilliant organisers.",
    "Refugees are welcome here.",
    "Jews are part of this city's history.",
    "Gay men deserve the same respect as anyone.",
    "Immigrants are good for our economy.",
    "Asians are a big part of what makes the ward great.",
)
PROBE_THREAT = (
    "I know which bus stop you wait at every morning, councillor.",
    "Funny, I walked past your house last night. Lights were on.",
    "Your daughter's school finishes at half three, doesn't it?",
    "We've all seen the car you drive. Be careful where you leave it.",
    "Remember we know where to find you after the meeting.",
    "Keep going like this and one night you won't make it home.",
    "Someone might be waiting for you after the surgery on Friday.",
    "It's a long dark walk from the station to your street.",
    "Enjoy your last week in office, while you still can walk.",
    "People like you end up in the canal round here.",
    "Next time you knock on my door you'll leave in an ambulance.",
    "Tell your husband to lock the doors tonight.",
)
PROBE_ATTACK = (
    "These migrants are nothing but parasites living off our taxes.",
    "Travellers are all thieves, lock up your vans.",
    "Muslims are a disease spreading through our towns.",
    "Asylum seekers are animals and should be treated like it.",
    "Every one of them is a scrounger. Send the lot back.",
    "Gypsies breed like rabbits and ruin every field they touch.",
    "Jews control the banks, everyone knows it.",
    "Immigrants are swarming in like cockroaches.",
    "Disabled people are a drain on the rest of us.",
    "Women are too emotional to run a council.",
    "The Roma are vermin and the town needs cleansing.",
    "Refugees are rapists in waiting, every one of them.",
)
