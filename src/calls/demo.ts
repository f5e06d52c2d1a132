// The demo forum's 2017 call and questionnaire: the topics of the records' call for contributions on
// cybersecurity and the Sustainable Development Goals, worded afresh, with a Spanish translation and a
// variant for national and regional IGF initiatives (NRIs). Called by the demo seeder.
import type { Kysely } from "kysely";
import type { Actor } from "../auth/index.js";
import { findUserById } from "../auth/index.js";
import type { Database } from "../db/schema.js";
import type { CycleRow, ForumRow } from "../forums/index.js";
import { saveCall } from "./call/service.js";
import {
  addQuestion,
  addSection,
  createQuestionnaire,
  createVariant,
  hasQuestionnaire,
  publishVariant,
  type Scope,
  saveTranslations,
} from "./questionnaire/service.js";
import type { QuestionInput } from "./questions/edit.js";

const THREATS: [en: string, es: string][] = [
  [
    "Denial-of-service attacks and other problems that undermine the reliability of, and access to, Internet services",
    "Ataques de denegación de servicio y otros problemas que merman la fiabilidad de los servicios de Internet y el acceso a ellos",
  ],
  [
    "Security of mobile devices, through which many people first come online and make payments",
    "Seguridad de los dispositivos móviles, con los que muchas personas se conectan por primera vez y realizan pagos",
  ],
  [
    "Misuse of powers by authorities, such as monitoring of Internet use or using data people provided for other purposes",
    "Abuso de poder por parte de las autoridades, como la vigilancia del uso de Internet o el uso de datos facilitados por las personas con otros fines",
  ],
  [
    "Confidentiality and availability of sensitive data, notably in health care",
    "Confidencialidad y disponibilidad de datos sensibles, en particular en la atención sanitaria",
  ],
  ["Online abuse and gender-based violence", "Acoso en línea y violencia de género"],
  [
    "Risks to shared services that Internet access depends on, such as the DNS and Internet exchange points",
    "Riesgos para los servicios compartidos de los que depende el acceso a Internet, como el DNS y los puntos de intercambio de Internet",
  ],
  [
    "Weaknesses in the technology behind industrial control systems",
    "Debilidades de la tecnología de los sistemas de control industrial",
  ],
  [
    "Data gathered for one purpose being reused for another, such as smart-meter or connected-device data taken for commercial advantage, or badly anonymised public data being re-identified",
    "Datos reunidos con un fin y reutilizados para otro, como los de contadores inteligentes o dispositivos conectados aprovechados para obtener ventaja comercial, o datos públicos mal anonimizados que vuelven a identificar a las personas",
  ],
  [
    "Fast-growing technology built without secure development practices",
    "Tecnología que crece deprisa y se construye sin prácticas de desarrollo seguro",
  ],
  [
    "Unauthorised access to devices that play an ever larger part in daily life",
    "Acceso no autorizado a dispositivos cada vez más presentes en la vida diaria",
  ],
];

interface DemoQuestion {
  section: string;
  input: QuestionInput & { id: string };
  es: { label: string; help?: string };
}

const SECTIONS: { id: string; en: string; es: string }[] = [
  { id: "s_about_you", en: "About you", es: "Sobre usted" },
  { id: "s_development", en: "Cybersecurity and development", es: "Ciberseguridad y desarrollo" },
  { id: "s_threats", en: "Threats and policy options", es: "Amenazas y opciones de política" },
  { id: "s_priorities", en: "Responsibilities and priorities", es: "Responsabilidades y prioridades" },
  { id: "s_documents", en: "Your documents and links", es: "Sus documentos y enlaces" },
];

const QUESTIONS: DemoQuestion[] = [
  {
    section: "s_about_you",
    input: {
      id: "q_contributor",
      type: "contributor_details",
      label: "Who is contributing?",
      required: true,
    },
    es: { label: "¿Quién contribuye?" },
  },
  {
    section: "s_about_you",
    input: {
      id: "q_consent",
      type: "consent",
      label: "May we publish your contribution on the forum's pages?",
      required: true,
      allowAnonymous: true,
      licence: "CC BY 4.0",
    },
    es: { label: "¿Podemos publicar su contribución en las páginas del foro?" },
  },
  {
    section: "s_development",
    input: {
      id: "q_good_security_helps",
      type: "long_text",
      label:
        "In what ways does strong cybersecurity help ICTs and the Internet grow, and help them serve the Sustainable Development Goals?",
      required: true,
      guidanceUnit: "words",
      guidanceMax: 500,
    },
    es: {
      label:
        "¿De qué manera una ciberseguridad sólida ayuda a que las TIC e Internet crezcan y contribuyan a los Objetivos de Desarrollo Sostenible?",
    },
  },
  {
    section: "s_development",
    input: {
      id: "q_poor_security_hinders",
      type: "long_text",
      label:
        "In what ways does weak cybersecurity hold that growth back, and limit what these technologies can do for the Goals?",
      required: true,
      guidanceUnit: "words",
      guidanceMax: 500,
    },
    es: {
      label:
        "¿De qué manera una ciberseguridad débil frena ese crecimiento y limita lo que estas tecnologías pueden aportar a los Objetivos?",
    },
  },
  {
    section: "s_threats",
    input: {
      id: "q_threat_policy_options",
      type: "item_list",
      label: "For each challenge below, which policy options would help address it?",
      help: "Think in particular of what different stakeholders can achieve by working together. Leave a challenge blank if you have nothing to add.",
      items: THREATS.map(([en]) => en),
    },
    es: {
      label: "Para cada uno de los desafíos siguientes, ¿qué opciones de política ayudarían a abordarlo?",
      help: "Piense en particular en lo que distintas partes interesadas pueden lograr trabajando juntas. Deje en blanco los desafíos sobre los que no tenga nada que añadir.",
    },
  },
  {
    section: "s_threats",
    input: {
      id: "q_other",
      type: "long_text",
      label: "Is there anything else about cybersecurity and development you would like to raise?",
    },
    es: { label: "¿Hay algo más sobre ciberseguridad y desarrollo que desee plantear?" },
  },
  {
    section: "s_priorities",
    input: {
      id: "q_stakeholder_responsibility",
      type: "long_text",
      label:
        "New technologies often spread in ways nobody planned, and risks tend to be dealt with after incidents rather than before. Where does each stakeholder group's responsibility lie in keeping security from holding back the Internet's future development?",
    },
    es: {
      label:
        "Las nuevas tecnologías suelen difundirse de formas que nadie previó, y los riesgos suelen tratarse después de los incidentes y no antes. ¿Dónde está la responsabilidad de cada grupo de partes interesadas para que la seguridad no frene el desarrollo futuro de Internet?",
    },
  },
  {
    section: "s_priorities",
    input: {
      id: "q_critical_issue",
      type: "long_text",
      label:
        "Which cybersecurity issue do you consider the most critical today, and the most likely to gain from a multistakeholder approach in this forum? Should particular stakeholders be invited to work on it?",
      required: true,
    },
    es: {
      label:
        "¿Qué problema de ciberseguridad considera hoy el más crítico y el que más ganaría con un enfoque de múltiples partes interesadas en este foro? ¿Convendría invitar a determinadas partes interesadas a trabajar en él?",
    },
  },
  {
    section: "s_documents",
    input: {
      id: "q_links",
      type: "link_list",
      label: "Links to relevant information, examples or good practices",
      maxLinks: 20,
    },
    es: { label: "Enlaces a información pertinente, ejemplos o buenas prácticas" },
  },
  {
    section: "s_documents",
    input: {
      id: "q_main_document",
      type: "file_upload",
      label: "Your contribution as a document (2 to 3 pages, Word or another editable format)",
      role: "main",
      maxFiles: 1,
    },
    es: { label: "Su contribución como documento (de 2 a 3 páginas, en Word u otro formato editable)" },
  },
  {
    section: "s_documents",
    input: {
      id: "q_appendices",
      type: "file_upload",
      label: "Appendices with detailed examples or proposals",
      role: "appendix",
      maxFiles: 5,
    },
    es: { label: "Anexos con ejemplos o propuestas detallados" },
  },
];

const CALL = {
  message: {
    en: "Everyone with a stake in cybersecurity (governments, civil society, business, the technical community, intergovernmental organisations and academia) is invited to answer the call's questionnaire, online or as a Word document, by 15 September 2017.\n\nDrafting of the forum's output starts on that date, but later contributions remain welcome until the annual meeting in Geneva (18 to 21 December), in particular from national and regional IGF initiatives and from organisations holding cybersecurity events before then. The Secretariat will compile and summarise what arrives and circulate it to the community for comment.",
    es: "Se invita a todas las partes interesadas en la ciberseguridad (gobiernos, sociedad civil, empresas, comunidad técnica, organizaciones intergubernamentales y mundo académico) a responder al cuestionario de la convocatoria, en línea o en un documento Word, antes del 15 de septiembre de 2017.\n\nLa redacción del documento final del foro comienza en esa fecha, pero las contribuciones posteriores seguirán siendo bienvenidas hasta la reunión anual de Ginebra (del 18 al 21 de diciembre), en particular las de las iniciativas nacionales y regionales del IGF y las de organizaciones que celebren actos sobre ciberseguridad antes de esa fecha. La Secretaría recopilará y resumirá lo recibido y lo hará circular entre la comunidad para recabar comentarios.",
  },
  overview: {
    en: "The IGF's work on Connecting and Enabling the Next Billion(s) looked at policies that make Internet access broader, more usable and more affordable, and at how connectivity helps reach the Sustainable Development Goals. Wider access has security consequences: sound cybersecurity lets these technologies deliver on the Goals, while weak security erodes what they can achieve.\n\nThe forum's members have studied how the policy options gathered in that work interact with security. This call asks for the further risks you see, and for policy recommendations that reduce them, so that ICTs keep contributing to the Goals.",
    es: "El trabajo del IGF sobre Conectar y Empoderar a los Próximos Mil Millones examinó las políticas que amplían el acceso a Internet y lo hacen más usable y asequible, así como el modo en que la conectividad ayuda a alcanzar los Objetivos de Desarrollo Sostenible. Un acceso más amplio tiene consecuencias para la seguridad: una ciberseguridad sólida permite que estas tecnologías cumplan su promesa, mientras que una seguridad débil erosiona lo que pueden lograr.\n\nLos miembros del foro han estudiado cómo interactúan con la seguridad las opciones de política reunidas en ese trabajo. Esta convocatoria pide los riesgos adicionales que usted perciba y recomendaciones de política que los reduzcan, para que las TIC sigan contribuyendo a los Objetivos.",
  },
  guidanceNote: {
    en: "Contributions are published as they arrive.",
    es: "Las contribuciones se publican a medida que llegan.",
  },
  reading: [
    {
      url: "https://www.un.org/sustainabledevelopment/sustainable-development-goals/",
      en: "The UN Sustainable Development Goals",
      es: "Los Objetivos de Desarrollo Sostenible de las Naciones Unidas",
    },
    {
      url: "https://www.intgovforum.org/multilingual/index.php?q=filedepot_download/3416/549",
      en: "Policy Options for Connecting and Enabling the Next Billion(s), Phase II",
      es: "Opciones de política para conectar y empoderar a los próximos mil millones, fase II",
    },
  ],
};

const NRI_QUESTIONS: DemoQuestion[] = [
  {
    section: "s_about_you",
    input: {
      id: "q_nri_initiative",
      type: "short_text",
      label: "Which national or regional initiative are you answering for?",
      required: true,
      maxLength: 200,
    },
    es: { label: "¿En nombre de qué iniciativa nacional o regional responde?" },
  },
  {
    section: "s_priorities",
    input: {
      id: "q_nri_government_views",
      type: "long_text",
      label: "Did your initiative seek the views of your government? If so, please summarise them.",
    },
    es: { label: "¿Su iniciativa consultó la opinión de su gobierno? En caso afirmativo, resúmala." },
  },
];

/** Creates the 2017 cycle's call and published questionnaire (base, NRI variant, Spanish), unless present. */
export async function seedCallsDemoFor(
  db: Kysely<Database>,
  args: { forum: ForumRow; cycle: CycleRow; secretariatUserId: string | undefined },
): Promise<void> {
  const { forum, cycle } = args;
  if (await hasQuestionnaire(db, cycle.id)) return;
  const user = args.secretariatUserId ? await findUserById(db, args.secretariatUserId) : undefined;
  const actor: Actor = user
    ? { kind: "user", userId: user.id, name: user.name, email: user.email, isSiteAdmin: user.is_site_admin }
    : { kind: "system", label: "demo seeder" };
  const scope: Scope = { actor, forum, cycle, now: new Date() };
  const spanish = forum.languages.includes("es");

  await createQuestionnaire(db, {
    ...scope,
    input: { originalLanguage: "en", name: "Call for contributions 2017" },
  });
  // Section ids are made from their titles; the demo refers to them by its own short keys.
  const sectionIds = new Map<string, string>();
  for (const s of SECTIONS) sectionIds.set(s.id, await addSection(db, { ...scope, input: { title: s.en } }));
  const itemIds: string[] = [];
  for (const q of QUESTIONS) {
    const added = await addQuestion(db, { ...scope, sectionId: sectionIds.get(q.section)!, input: q.input });
    if (added.type === "item_list") itemIds.push(...added.items.map((i) => i.id));
  }
  await saveCall(db, {
    ...scope,
    input: {
      message: CALL.message.en,
      overview: CALL.overview.en,
      guidanceNote: CALL.guidanceNote.en,
      reading: CALL.reading.map((r) => ({ title: r.en, url: r.url })),
      pagesMin: 2,
      pagesMax: 3,
      linksWelcome: true,
      appendices: true,
      editableFormats: true,
    },
  });
  if (spanish) {
    const values: Record<string, string> = {
      "v:name": "Convocatoria de contribuciones 2017",
      "v:audience": "Todas las personas que deseen contribuir",
      "c:message": CALL.message.es,
      "c:overview": CALL.overview.es,
      "c:guidanceNote": CALL.guidanceNote.es,
    };
    CALL.reading.forEach((r, i) => {
      values[`c:r:${i}:title`] = r.es;
    });
    for (const s of SECTIONS) values[`s:${sectionIds.get(s.id)}:title`] = s.es;
    for (const q of QUESTIONS) {
      values[`q:${q.input.id}:label`] = q.es.label;
      if (q.es.help) values[`q:${q.input.id}:help`] = q.es.help;
    }
    THREATS.forEach(([, es], i) => {
      values[`q:q_threat_policy_options:i:${itemIds[i]}`] = es;
    });
    await saveTranslations(db, { ...scope, lang: "es", values });
  }
  await publishVariant(db, scope);

  await createVariant(db, {
    ...scope,
    input: {
      key: "nri",
      name: "Questionnaire for national and regional IGF initiatives",
      audience: "National and regional IGF initiatives (NRIs), answering on behalf of their community",
      from: "base",
    },
  });
  const nri = { ...scope, variantKey: "nri" };
  for (const q of NRI_QUESTIONS)
    await addQuestion(db, { ...nri, sectionId: sectionIds.get(q.section)!, input: q.input });
  if (spanish) {
    const values: Record<string, string> = {
      "v:name": "Cuestionario para las iniciativas nacionales y regionales del IGF",
      "v:audience":
        "Iniciativas nacionales y regionales del IGF (IRN), que responden en nombre de su comunidad",
    };
    for (const q of NRI_QUESTIONS) values[`q:${q.input.id}:label`] = q.es.label;
    await saveTranslations(db, { ...nri, lang: "es", values });
  }
  await publishVariant(db, nri);
}
