/**
 * Small closed word lists the linker needs: function words (never a name on their
 * own), connectors allowed inside names, and titles that announce a person.
 */

const set = (words: string) => new Set(words.split(/\s+/).filter(Boolean));

/** English function words and very common sentence openers, folded. */
export const STOPWORDS = set(`
a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each even ever every few for from
further had has have having he her here hers herself him himself his how however i if in into is it
its itself just least less let like made make many may me might more most much must my myself never
no nor not now of off on once one only or other our ours ourselves out over own per perhaps please
rather same shall she should since so some still such than that the their theirs them themselves then
there these they this those though through thus to too under until up upon us very via was we were
what when where whether which while who whom whose why will with within without would yet you your
yours yourself yourselves meanwhile according although despite toward towards amid among around
across along beyond onto instead today yesterday tomorrow tonight last next many several
mr mrs ms dr sir st
monday tuesday wednesday thursday friday saturday sunday
january february march april may june july august september october november december
yes oh ok well read more discuss share click
regarding following including concerning considering excluding given
`);

/** Lower-case words that may sit inside a proper name ("Bank of England", "Charles de Gaulle"). */
export const NAME_CONNECTORS = set(
  `of the de du des la le les da das do dos del della di van von der den ter ten y al el bin ibn`,
);

/** Small words skipped when taking the initials of a name ("Food and Drug Administration" → FDA). */
export const ACRONYM_SKIP = new Set([
  ...NAME_CONNECTORS,
  'and',
  'for',
  'on',
  'in',
  'at',
  'to',
  'a',
  'an',
]);

/**
 * Generic last words that a name drops in a short mention: "Harvard" for Harvard
 * University, "Labour" for the Labour Party, "Orange" for Orange County.
 */
export const GENERIC_HEADS = set(`
university college institute party county province inc corp corporation co company ltd llc plc
group holdings club fc foundation association league
`);

/** Words that, capitalised before a name, announce a person (and are not part of the name). */
export const PERSON_TITLES = set(`
mr mrs ms miss mx dr prof professor sir dame lord lady president vice prime minister premier chancellor
king queen prince princess duke duchess emperor pope cardinal bishop archbishop rev reverend father
sister brother imam rabbi sheikh sheik general gen colonel col major maj captain capt lieutenant lt
sergeant sgt admiral commander cmdr senator sen representative rep congressman congresswoman governor
gov mayor judge justice chief secretary ambassador councillor councilman councilwoman deputy officer
detective inspector constable coach chairman chairwoman chair ceo cfo director spokesman spokeswoman
spokesperson leader former late saint st mme mlle herr frau monsieur madame senor señor
`);

/** Last words that make a name an organisation. */
export const ORGANISATION_HEADS = set(`
inc corp corporation co company ltd llc plc gmbh ag sa group holdings bank party union university
college school institute institution association federation foundation council committee commission
agency authority ministry department office service services organisation organization club team
league society trust fund network news press times post journal herald tribune gazette broadcasting
airlines airways motors industries technologies systems labs laboratories hospital church army navy
police court parliament assembly congress senate government administration board bureau force forces
directorate palace
`);

/** Last words that make a name a place. */
export const PLACE_HEADS = set(`
city town village county province state region district republic kingdom island islands river lake
mountain mountains valley bay sea ocean street avenue road square park airport station bridge
`);

/** Leading words that make a region of a place ("Northwest Syria"), not another name. */
export const GEO_MODIFIERS = set(`
north south east west northern southern eastern western northeast northwest southeast southwest
northeastern northwestern southeastern southwestern central greater upper lower inner outer
`);

/** Words that, right before a name, suggest a place. */
export const PLACE_PREPOSITIONS = set(
  `in at from near outside inside across to into towards toward`,
);
