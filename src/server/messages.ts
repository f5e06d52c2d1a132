import type { Messages } from "../ui/i18n/catalogue.js";

/** Messages of error pages and server-wide notices. */
export const messages = {
  en: {
    "error.controlCharacter.body":
      "The field “{field}” contains a control character (such as U+0000) that cannot be saved. Remove it — retyping the text rather than pasting it usually does — and send again.",
    "error.controlCharacter.field":
      "This field contains a control character (such as U+0000). Remove it, or retype the text rather than pasting it.",
    "error.outOfRange.body":
      "The field “{field}” holds a number outside the range this site accepts. Check the number and send again.",
    "error.outOfRange.field": "This number is outside the range this site accepts.",
    "api.sections": "API sections",
    "api.parameters": "Parameters",
    "api.body": "Body ({mediaType})",
    "api.responses": "Responses",
    "api.required": "required",
    "error.title": "Something went wrong",
    "error.refused.title": "This could not be done",
    "error.not_found.title": "Page not found",
    "error.not_found.body":
      "There is nothing at this address. Check the address, or start again from the home page.",
    "error.forbidden.title": "Not allowed",
    "error.unauthorized.title": "Please sign in",
    "error.internal.body":
      "An unexpected error stopped this request. Nothing you sent was lost if the page did not say it was saved. If it happens again, send the secretariat this reference: {requestId}.",
    "error.reference": "Reference: {requestId}",
    "error.backHome": "Go to the home page",
  },
  es: {
    "error.controlCharacter.body":
      "El campo «{field}» contiene un carácter de control (como U+0000) que no se puede guardar. Elimínelo (escribir el texto en lugar de pegarlo suele bastar) y vuelva a enviarlo.",
    "error.controlCharacter.field":
      "Este campo contiene un carácter de control (como U+0000). Elimínelo, o escriba el texto en lugar de pegarlo.",
    "error.outOfRange.body":
      "El campo «{field}» contiene un número fuera del intervalo que acepta este sitio. Compruebe el número y vuelva a enviarlo.",
    "error.outOfRange.field": "Este número está fuera del intervalo que acepta este sitio.",
    "api.sections": "Secciones de la API",
    "api.parameters": "Parámetros",
    "api.body": "Cuerpo ({mediaType})",
    "api.responses": "Respuestas",
    "api.required": "obligatorio",
    "error.title": "Algo salió mal",
    "error.refused.title": "No se pudo hacer",
    "error.not_found.title": "Página no encontrada",
    "error.not_found.body":
      "No hay nada en esta dirección. Compruebe la dirección o vuelva a la página de inicio.",
    "error.forbidden.title": "No permitido",
    "error.unauthorized.title": "Inicie sesión",
    "error.internal.body":
      "Un error inesperado detuvo esta solicitud. Si la página no indicó que se guardó, no se ha registrado nada. Si vuelve a ocurrir, envíe a la secretaría esta referencia: {requestId}.",
    "error.reference": "Referencia: {requestId}",
    "error.backHome": "Ir a la página de inicio",
  },
  fr: {
    "error.controlCharacter.body":
      "Le champ « {field} » contient un caractère de contrôle (comme U+0000) qui ne peut pas être enregistré. Supprimez-le (retaper le texte plutôt que le coller suffit en général) et envoyez de nouveau.",
    "error.controlCharacter.field":
      "Ce champ contient un caractère de contrôle (comme U+0000). Supprimez-le, ou retapez le texte plutôt que de le coller.",
    "error.outOfRange.body":
      "Le champ « {field} » contient un nombre hors de la plage acceptée par ce site. Vérifiez le nombre et envoyez de nouveau.",
    "error.outOfRange.field": "Ce nombre est hors de la plage acceptée par ce site.",
    "api.sections": "Sections de l’API",
    "api.parameters": "Paramètres",
    "api.body": "Corps ({mediaType})",
    "api.responses": "Réponses",
    "api.required": "obligatoire",
    "error.title": "Un problème est survenu",
    "error.refused.title": "Impossible de faire cela",
    "error.not_found.title": "Page introuvable",
    "error.not_found.body":
      "Il n’y a rien à cette adresse. Vérifiez l’adresse ou repartez de la page d’accueil.",
    "error.forbidden.title": "Action non autorisée",
    "error.unauthorized.title": "Veuillez vous connecter",
    "error.internal.body":
      "Une erreur inattendue a interrompu cette requête. Si la page n’a pas confirmé l’enregistrement, rien n’a été enregistré. Si cela se reproduit, transmettez cette référence au secrétariat : {requestId}.",
    "error.reference": "Référence : {requestId}",
    "error.backHome": "Aller à la page d’accueil",
  },
  ar: {
    "error.controlCharacter.body":
      "يحتوي الحقل «{field}» على حرف تحكم (مثل U+0000) لا يمكن حفظه. احذفه (تكفي عادةً كتابة النص بدلًا من لصقه) ثم أرسل مرة أخرى.",
    "error.controlCharacter.field":
      "يحتوي هذا الحقل على حرف تحكم (مثل U+0000). احذفه، أو اكتب النص بدلًا من لصقه.",
    "error.outOfRange.body":
      "يحتوي الحقل «{field}» على رقم خارج النطاق الذي يقبله هذا الموقع. تحقق من الرقم ثم أرسل مرة أخرى.",
    "error.outOfRange.field": "هذا الرقم خارج النطاق الذي يقبله هذا الموقع.",
    "api.sections": "أقسام واجهة البرمجة",
    "api.parameters": "المعاملات",
    "api.body": "المتن ({mediaType})",
    "api.responses": "الاستجابات",
    "api.required": "مطلوب",
    "error.title": "حدث خطأ",
    "error.refused.title": "تعذّر تنفيذ ذلك",
    "error.not_found.title": "الصفحة غير موجودة",
    "error.not_found.body": "لا يوجد شيء في هذا العنوان. تحقق من العنوان أو ابدأ من الصفحة الرئيسية.",
    "error.forbidden.title": "غير مسموح",
    "error.unauthorized.title": "يرجى تسجيل الدخول",
    "error.internal.body":
      "أوقف خطأ غير متوقع هذا الطلب. إذا لم تؤكد الصفحة الحفظ فلم يُسجَّل شيء. إذا تكرر ذلك فأرسل إلى الأمانة هذا المرجع: {requestId}.",
    "error.reference": "المرجع: {requestId}",
    "error.backHome": "الذهاب إلى الصفحة الرئيسية",
  },
} satisfies Messages;
