// Theme suggestions, the arithmetic: words cut into terms per language (stop words dropped, a light stemmer
// so "governments" and "government" count once, accents folded), one- and two-word terms weighted by TF-IDF,
// and contributions grouped by k-means over those weights (cosine, deterministic seeding), each group named by
// the terms that weigh most at its centre. No library is installed for this; the stemmers are light
// suffix-strippers in the manner of Savoy's, enough for naming themes, not for search.

/** Words too common to name a theme, per language (the contribution's language; English is always added). */
const STOP: Record<string, string> = {
  en: "a about above after again against all also am an and any are as at be because been before being below between both but by can could did do does doing down during each either etc even every few for from further had has have having he her here hers him his how however i if in into is it its itself just least less like made make many may me might more most much must my need needs no nor not now of off often on once one only or other others our ours out over own per please rather same shall she should so some such than that the their theirs them then there these they this those through thus to too under until up upon us use used using very via was we well were what when where whether which while who whom whose why will with within without would yet you your yours sample contribution contributions forum cycle call answer question questions also new way ways first second thing things",
  es: "a al algo algunas algunos ante antes aquel aquella aquellas aquellos aqui asi cada casi como con contra cual cuales cuando de del desde donde dos el ella ellas ellos en entre era eran es esa esas ese eso esos esta estan estas este esto estos fue fueron ha han hasta hay la las le les lo los mas me mi mis mucho muy ni no nos nosotros o os otra otras otro otros para pero poco por porque que quien quienes se sea segun ser si sido sin sobre su sus tambien tan tanto te tiene tienen todo todos tu un una unas uno unos usted ya contribucion contribuciones debe deben puede pueden",
  fr: "a afin ai aie ainsi alors au aucun aussi autre autres aux avec avoir bon car ce cela celle celles celui ces cet cette chaque ci comme comment dans de des donc dont du elle elles en encore entre est et etaient etait etre eu fait faire il ils je la le les leur leurs lui ma mais me meme mes moins mon ne ni nos notre nous on ou par parce pas peu peut peuvent plus pour pourquoi qu que quel quelle quelles quels qui sa sans se selon ses si son sont sous sur ta tandis te tes ton tous tout toute toutes tres tu un une vos votre vous contribution contributions doit doivent",
  ru: "а без более бы был была были было быть в вам вас весь во вот все всего всех вы где да даже для до его ее если есть еще же за здесь и из или им их к как ко когда кто ли либо между меня мне может можно мы на над надо не него нее нет ни них но ну о об однако он она они оно от очень по под после при про с со так также такой там те тем то того тоже той только том ты у уже хотя чего чей чем что чтобы эта эти это этот я",
  ar: "في من على إلى عن مع هذا هذه ذلك تلك التي الذي الذين كان كانت يكون أن إن أو و ثم قد لا لم لن ما هو هي هم نحن كل بعض غير بين عند حتى أي إذا كما لقد فيها فيه منها منه",
  zh: "的 了 和 是 在 也 有 与 及 或 等 对 为 以 将 而 被 这 那 其 之 中 上 下 不 我们 他们 可以 应该 需要 进行 通过 以及 一个 没有 因为 所以 如果",
};

const stopSets = new Map<string, Set<string>>();
/** The stop words of a language (folded), English's added: contributions quote English terms in any language. */
function stopWordsOf(language: string): Set<string> {
  const key = STOP[language] ? language : "en";
  let set = stopSets.get(key);
  if (!set) {
    set = new Set([...`${STOP.en} ${STOP[key]}`.split(/\s+/)].map(fold));
    stopSets.set(key, set);
  }
  return set;
}

/** Lower case without accents (Spanish "formación" and "formacion" are one word). */
export function fold(word: string): string {
  return word
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase();
}

const RU_ENDINGS = [
  "иями",
  "ями",
  "ами",
  "ого",
  "его",
  "ому",
  "ему",
  "ыми",
  "ими",
  "ых",
  "их",
  "ой",
  "ей",
  "ий",
  "ый",
  "ая",
  "яя",
  "ое",
  "ее",
  "ую",
  "юю",
  "ом",
  "ем",
  "ам",
  "ям",
  "ах",
  "ях",
  "ов",
  "ев",
  "ия",
  "ие",
  "ию",
  "а",
  "я",
  "о",
  "е",
  "ы",
  "и",
  "у",
  "ю",
  "ь",
];

/** A light stemmer: the folded word with its inflectional endings cut, per language. */
export function stem(word: string, language: string): string {
  let w = fold(word);
  switch (language) {
    case "es":
      if (w.length > 5 && /(ciones|siones)$/.test(w)) return w.slice(0, -5);
      if (w.length > 4 && /(cion|sion)$/.test(w)) return w.slice(0, -4);
      if (w.length > 4 && w.endsWith("es")) w = w.slice(0, -2);
      else if (w.length > 3 && w.endsWith("s")) w = w.slice(0, -1);
      return w.length > 3 && /[aoe]$/.test(w) ? w.slice(0, -1) : w;
    case "fr":
      if (w.length > 4 && /(aux)$/.test(w)) return `${w.slice(0, -3)}al`;
      if (w.length > 3 && /[sx]$/.test(w)) w = w.slice(0, -1);
      return w.length > 3 && w.endsWith("e") ? w.slice(0, -1) : w;
    case "ru":
      for (const e of RU_ENDINGS) if (w.length - e.length >= 3 && w.endsWith(e)) return w.slice(0, -e.length);
      return w;
    case "ar":
      if (w.startsWith("ال") && w.length > 4) w = w.slice(2);
      if (w.endsWith("ات") && w.length > 4) return w.slice(0, -2);
      return w.endsWith("ة") && w.length > 3 ? w.slice(0, -1) : w;
    default:
      return stemEnglish(w);
  }
}

/** English: plurals, -ing, -ed, -ly and a few derivations, so that inflected forms of a word meet. */
function stemEnglish(word: string): string {
  let w = word.replace(/'s$/, "");
  if (w.length <= 3) return w;
  if (w.endsWith("sses")) w = w.slice(0, -2);
  else if (w.endsWith("ies") && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith("s") && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  const vowel = (s: string) => /[aeiouy]/.test(s);
  for (const suffix of ["ingly", "edly", "ing", "ed"]) {
    const stemPart = w.slice(0, -suffix.length);
    if (w.endsWith(suffix) && stemPart.length >= 3 && vowel(stemPart)) {
      w = stemPart;
      // "building" → "build", "planned" → "plan", "protected" → "protect"
      if (/([^aeiouslz])\1$/.test(w)) w = w.slice(0, -1);
      break;
    }
  }
  if (w.endsWith("ly") && w.length > 5) w = w.slice(0, -2);
  return w.replace(/(e)$/, "");
}

/** A text's tokens: words of letters and digits (Chinese as overlapping two-character terms), in order. */
export function tokens(text: string): string[] {
  const out: string[] = [];
  for (const match of text.matchAll(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu)) {
    const word = match[0].replace(/['’-]+$/, "");
    if (/\p{Script=Han}/u.test(word)) {
      // Chinese has no spaces: two-character terms stand in for words.
      const chars = [...word];
      for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
      continue;
    }
    out.push(word);
  }
  return out;
}

/** A term: its key (stems) and the form a reader sees. */
export interface Term {
  key: string;
  surface: string;
}

/** The terms of a text: one-word terms and two-word phrases, never across a stop word or a sentence. */
export function termsOf(text: string, language: string): Term[] {
  const stops = stopWordsOf(language);
  const out: Term[] = [];
  for (const sentence of text.split(/[.!?;:,()\n\r。！？；：，、]+/u)) {
    let previous: { stem: string; word: string } | undefined;
    for (const raw of tokens(sentence)) {
      const word = raw.toLowerCase();
      const folded = fold(word);
      const han = /\p{Script=Han}/u.test(word);
      if (stops.has(folded) || (!han && folded.length < 3) || /^\p{N}+$/u.test(folded)) {
        previous = undefined;
        continue;
      }
      const s = han ? word : stem(word, language);
      out.push({ key: s, surface: word });
      if (previous && !han) out.push({ key: `${previous.stem} ${s}`, surface: `${previous.word} ${word}` });
      previous = han ? undefined : { stem: s, word };
    }
  }
  return out;
}

/** A weighted term vector, L2-normalised. */
export type Vector = Map<string, number>;

/** What the suggestions say of one document. */
export interface DocumentInput {
  id: string;
  text: string;
  language: string;
}

/** A suggested term with its weight. */
export interface ScoredTerm {
  term: string;
  key: string;
  score: number;
}

/** A group of similar contributions: its terms and its members, closest to its centre first. */
export interface Cluster {
  terms: ScoredTerm[];
  members: { id: string; similarity: number; terms: string[] }[];
}

/** The result of a run. */
export interface Suggestions {
  clusters: Cluster[];
  documents: { id: string; terms: ScoredTerm[] }[];
}

/** Phrases are worth a little more than single words: "critical infrastructure" names a theme, "critical" not. */
const PHRASE_BOOST = 1.5;

/** A deterministic pseudo-random sequence (mulberry32), so that the same corpus gives the same groups. */
function seeded(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const dot = (a: Vector, b: Vector) => {
  const [small, large] = a.size < b.size ? [a, b] : [b, a];
  let sum = 0;
  for (const [k, v] of small) sum += v * (large.get(k) ?? 0);
  return sum;
};

function normalise(v: Vector): Vector {
  let norm = 0;
  for (const x of v.values()) norm += x * x;
  norm = Math.sqrt(norm) || 1;
  for (const [k, x] of v) v.set(k, x / norm);
  return v;
}

/**
 * Picks the best terms from a weighted list: a one-word term already inside a chosen phrase, or a phrase whose
 * words are both already chosen, adds nothing.
 */
function pickTerms(weighted: [string, number][], surfaces: Map<string, Map<string, number>>, count: number) {
  const chosen: ScoredTerm[] = [];
  const covered = new Set<string>();
  for (const [key, score] of weighted.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) {
    if (chosen.length >= count) break;
    const words = key.split(" ");
    if (words.every((w) => covered.has(w))) continue;
    words.forEach((w) => {
      covered.add(w);
    });
    const forms = surfaces.get(key);
    const surface = forms ? [...forms].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0] : key;
    chosen.push({ term: surface, key, score: Math.round(score * 1000) / 1000 });
  }
  return chosen;
}

/**
 * Keyphrases per document and per group of similar documents. `onProgress` is told after each document is
 * weighed (the slow part on a large corpus is reading, which the caller reports itself).
 */
export function suggest(
  documents: DocumentInput[],
  options: { termsPerDocument?: number; termsPerCluster?: number; clusters?: number } = {},
): Suggestions {
  const perDocument = options.termsPerDocument ?? 6;
  const perCluster = options.termsPerCluster ?? 8;
  const surfaces = new Map<string, Map<string, number>>();
  const df = new Map<string, number>();
  const counts = documents.map((d) => {
    const tf = new Map<string, number>();
    for (const term of termsOf(d.text, d.language)) {
      tf.set(term.key, (tf.get(term.key) ?? 0) + 1);
      let forms = surfaces.get(term.key);
      if (!forms) {
        forms = new Map();
        surfaces.set(term.key, forms);
      }
      forms.set(term.surface, (forms.get(term.surface) ?? 0) + 1);
    }
    for (const key of tf.keys()) df.set(key, (df.get(key) ?? 0) + 1);
    return tf;
  });
  const n = documents.length;
  const vectors = counts.map((tf) => {
    const v: Vector = new Map();
    for (const [key, count] of tf) {
      // A term in every document names none of them.
      const d = df.get(key) ?? 1;
      if (n > 2 && d === n) continue;
      const idf = Math.log((1 + n) / (1 + d)) + 1;
      v.set(key, (1 + Math.log(count)) * idf * (key.includes(" ") ? PHRASE_BOOST : 1));
    }
    return normalise(v);
  });
  const docs = documents.map((d, i) => ({
    id: d.id,
    terms: pickTerms([...vectors[i]!], surfaces, perDocument),
  }));
  const k = Math.max(1, Math.min(options.clusters ?? Math.round(Math.sqrt(n / 2)), 12, n));
  const assignment = kMeans(vectors, k);
  const clusters: Cluster[] = [];
  for (let c = 0; c < k; c++) {
    const members = vectors.map((v, i) => ({ v, i })).filter(({ i }) => assignment.labels[i] === c);
    if (members.length === 0) continue;
    const centre = assignment.centres[c]!;
    // A cluster's terms are those shared by its members: a term of a single member names that one, not the group.
    // (How many members hold each term is counted once, over the members' terms: testing every term of the
    // centre against every member took most of a run at 10,000 contributions.)
    const holders = new Map<string, number>();
    for (const { v } of members) for (const key of v.keys()) holders.set(key, (holders.get(key) ?? 0) + 1);
    const shared = [...centre].filter(([key]) => members.length === 1 || (holders.get(key) ?? 0) >= 2);
    const terms = pickTerms(shared.length ? shared : [...centre], surfaces, perCluster);
    clusters.push({
      terms,
      members: members
        .map(({ v, i }) => ({
          id: documents[i]!.id,
          similarity: Math.round(dot(v, centre) * 1000) / 1000,
          terms: terms.filter((t) => v.has(t.key)).map((t) => t.term),
        }))
        .sort((a, b) => b.similarity - a.similarity || a.id.localeCompare(b.id)),
    });
  }
  clusters.sort((a, b) => b.members.length - a.members.length);
  return { clusters, documents: docs };
}

/** K-means on normalised vectors by cosine similarity, seeded k-means++ style from a fixed seed. */
export function kMeans(vectors: Vector[], k: number, iterations = 20) {
  const random = seeded(20171217);
  const labels = new Array<number>(vectors.length).fill(0);
  if (vectors.length === 0) return { labels, centres: [] as Vector[] };
  // Terms numbered, documents as (term, weight) arrays and centres as dense arrays over every term: a
  // similarity is then one array read per term of the document, where looking terms up in the centres' maps
  // made the rounds the slowest part of a run.
  const ids = new Map<string, number>();
  const keys: string[] = [];
  const docs = vectors.map((v) => {
    const terms = new Int32Array(v.size);
    const weights = new Float64Array(v.size);
    let i = 0;
    for (const [key, x] of v) {
      let id = ids.get(key);
      if (id === undefined) {
        id = keys.length;
        ids.set(key, id);
        keys.push(key);
      }
      terms[i] = id;
      weights[i] = x;
      i++;
    }
    return { terms, weights };
  });
  const width = keys.length;
  const similarity = (d: (typeof docs)[number], c: Float64Array) => {
    let sum = 0;
    for (let i = 0; i < d.terms.length; i++) sum += d.weights[i]! * c[d.terms[i]!]!;
    return sum;
  };
  const denseOf = (d: (typeof docs)[number]) => {
    const c = new Float64Array(width);
    for (let i = 0; i < d.terms.length; i++) c[d.terms[i]!] = d.weights[i]!;
    return c;
  };
  const centres: Float64Array[] = [denseOf(docs[Math.floor(random() * docs.length)]!)];
  while (centres.length < k) {
    const distances = docs.map((d) => 1 - Math.max(...centres.map((c) => similarity(d, c))));
    const total = distances.reduce((a, b) => a + b * b, 0);
    if (total <= 0) break;
    let pick = random() * total;
    let index = 0;
    for (; index < distances.length - 1; index++) {
      pick -= distances[index]! ** 2;
      if (pick <= 0) break;
    }
    centres.push(denseOf(docs[index]!));
  }
  for (let round = 0; round < iterations; round++) {
    let moved = false;
    docs.forEach((d, i) => {
      let best = 0;
      let bestSimilarity = -1;
      centres.forEach((c, j) => {
        const s = similarity(d, c);
        if (s > bestSimilarity) {
          bestSimilarity = s;
          best = j;
        }
      });
      if (labels[i] !== best) moved = true;
      labels[i] = best;
    });
    if (!moved && round > 0) break;
    const sums = centres.map(() => new Float64Array(width));
    const filled = centres.map(() => false);
    docs.forEach((d, i) => {
      const j = labels[i]!;
      const sum = sums[j]!;
      for (let t = 0; t < d.terms.length; t++) sum[d.terms[t]!]! += d.weights[t]!;
      if (d.terms.length) filled[j] = true;
    });
    sums.forEach((sum, j) => {
      if (!filled[j]) return;
      let norm = 0;
      for (let t = 0; t < width; t++) norm += sum[t]! * sum[t]!;
      norm = Math.sqrt(norm) || 1;
      for (let t = 0; t < width; t++) sum[t]! /= norm;
      centres[j] = sum;
    });
  }
  const asVectors = centres.map((c) => {
    const v: Vector = new Map();
    for (let t = 0; t < width; t++) if (c[t] !== 0) v.set(keys[t]!, c[t]!);
    return v;
  });
  return { labels, centres: asVectors };
}
