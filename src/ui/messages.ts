import type { Messages } from "./i18n/catalogue.js";

/** Messages of the page shell and shared components. */
export const messages = {
  en: {
    "site.name": "Intersession",
    "layout.skipToContent": "Skip to content",
    "layout.languages": "Language",
    "layout.mainNavigation": "Main",
    "layout.nav.forumHome": "Forum home",
    "layout.nav.forums": "Forums",
    "layout.nav.admin": "Administration",
    "layout.nav.api": "API",
    "layout.signIn": "Sign in",
    "layout.signOut": "Sign out",
    "layout.footer.about":
      "{name} is open-source software for multistakeholder forums and public consultations.",
    "form.errors.title": "{count, plural, one {There is a problem} other {There are # problems}}",
    "home.title": "Forums",
    "home.intro":
      "Intersession runs multistakeholder forums: calls for contributions, meetings and their records, and the documents they produce.",
    "home.empty": "There are no forums yet.",
    "home.forumCount": "{count, plural, =0 {No forums} one {# forum} other {# forums}}",
  },
  es: {
    "site.name": "Intersession",
    "layout.skipToContent": "Ir al contenido",
    "layout.languages": "Idioma",
    "layout.mainNavigation": "Principal",
    "layout.nav.forumHome": "Inicio del foro",
    "layout.nav.forums": "Foros",
    "layout.nav.admin": "Administración",
    "layout.nav.api": "API",
    "layout.signIn": "Iniciar sesión",
    "layout.signOut": "Cerrar sesión",
    "layout.footer.about":
      "{name} es software libre para foros de múltiples partes interesadas y consultas públicas.",
    "form.errors.title": "{count, plural, one {Hay un problema} other {Hay # problemas}}",
    "home.title": "Foros",
    "home.intro":
      "Intersession acompaña a los foros de múltiples partes interesadas: convocatorias de contribuciones, reuniones y sus actas, y los documentos que producen.",
    "home.empty": "Todavía no hay foros.",
    "home.forumCount": "{count, plural, =0 {Ningún foro} one {# foro} other {# foros}}",
  },
  fr: {
    "site.name": "Intersession",
    "layout.skipToContent": "Aller au contenu",
    "layout.languages": "Langue",
    "layout.mainNavigation": "Principal",
    "layout.nav.forumHome": "Accueil du forum",
    "layout.nav.forums": "Forums",
    "layout.nav.admin": "Administration",
    "layout.nav.api": "API",
    "layout.signIn": "Se connecter",
    "layout.signOut": "Se déconnecter",
    "layout.footer.about":
      "{name} est un logiciel libre pour les forums multipartites et les consultations publiques.",
    "form.errors.title": "{count, plural, one {Il y a un problème} other {Il y a # problèmes}}",
    "home.title": "Forums",
    "home.intro":
      "Intersession fait vivre les forums multipartites : appels à contributions, réunions et leurs comptes rendus, et les documents qu’ils produisent.",
    "home.empty": "Aucun forum pour l’instant.",
    "home.forumCount": "{count, plural, =0 {Aucun forum} one {# forum} other {# forums}}",
  },
  ar: {
    "site.name": "Intersession",
    "layout.skipToContent": "انتقل إلى المحتوى",
    "layout.languages": "اللغة",
    "layout.mainNavigation": "الرئيسية",
    "layout.nav.forumHome": "الصفحة الرئيسية للمنتدى",
    "layout.nav.forums": "المنتديات",
    "layout.nav.admin": "الإدارة",
    "layout.nav.api": "واجهة البرمجة",
    "layout.signIn": "تسجيل الدخول",
    "layout.signOut": "تسجيل الخروج",
    "layout.footer.about": "{name} برنامج مفتوح المصدر للمنتديات متعددة أصحاب المصلحة والمشاورات العامة.",
    "form.errors.title":
      "{count, plural, zero {لا توجد مشكلات} one {توجد مشكلة واحدة} two {توجد مشكلتان} few {توجد # مشكلات} many {توجد # مشكلة} other {توجد # مشكلة}}",
    "home.title": "المنتديات",
    "home.intro":
      "يدير Intersession المنتديات متعددة أصحاب المصلحة: الدعوات إلى تقديم المساهمات، والاجتماعات ومحاضرها، والوثائق الناتجة عنها.",
    "home.empty": "لا توجد منتديات بعد.",
    "home.forumCount":
      "{count, plural, zero {لا توجد منتديات} one {منتدى واحد} two {منتديان} few {# منتديات} many {# منتدى} other {# منتدى}}",
  },
} satisfies Messages;
