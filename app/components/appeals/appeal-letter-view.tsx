// The answer letter as a page to print: the same content as the PDF, laid out as an A4
// sheet on screen and printed without the console around it (see the print rules in
// app/styles.css, "appeals: answer letter").
import type { AppealLetter } from "#app/domain/appeals/appeal-letter.server.ts";
import { PrintButton } from "#app/components/appeals/print-button.tsx";
import { t, type Lang } from "#app/utils/i18n.ts";

export function AppealLetterView({ letter }: { letter: AppealLetter }) {
  const lang = "uk" as const;
  return (
    <article className="appeal-letter" lang="uk" aria-label={t(lang, "requests:letter.title", { number: letter.appeal.number })}>
      <header className="appeal-letter__form">
        <p className="appeal-letter__city">{letter.city.name}</p>
        <p>{letter.city.address}</p>
        <p>
          {t(lang, "requests:letter.phone", { phone: letter.city.phone })} · {t(lang, "requests:letter.email", { email: letter.city.email })}
        </p>
        <p>{t(lang, "requests:letter.edrpou", { code: letter.city.edrpou })}</p>
      </header>
      <div className="appeal-letter__head">
        <p className="appeal-letter__numbers">
          {t(lang, "requests:letter.outgoing", letter.outgoing)}
          <br />
          {t(lang, "requests:letter.incoming", { number: letter.appeal.number, date: letter.appeal.date })}
        </p>
        <address className="appeal-letter__to">
          <strong>{t(lang, "requests:letter.to")}</strong>
          <br />
          {letter.addressee.fullName}
          <br />
          {letter.addressee.residence}
          {letter.addressee.contact ? (
            <>
              <br />
              {t(lang, "requests:letter.contact", { contact: letter.addressee.contact })}
            </>
          ) : null}
        </address>
      </div>
      <h1 className="appeal-letter__subject">
        {t(lang, "requests:letter.subject", { kind: letter.appeal.kind, number: letter.appeal.number, date: letter.appeal.date })}
      </h1>
      <p className="appeal-letter__greeting">{t(lang, "requests:letter.greeting", { name: letter.addressee.fullName })}</p>
      <p className="appeal-letter__text">{t(lang, "requests:letter.lead", { number: letter.appeal.number, date: letter.appeal.date })}</p>
      {letter.answer.split(/\n+/).map((paragraph, i) => (
        <p className="appeal-letter__text" key={i}>
          {paragraph}
        </p>
      ))}
      <p className="appeal-letter__note">{t(lang, "requests:letter.appealRight")}</p>
      <footer className="appeal-letter__sign">
        <span>{letter.signer.position}</span>
        <strong>{letter.signer.name}</strong>
        <span>{letter.outgoing.date}</span>
      </footer>
    </article>
  );
}

/** The letter's page as staff and the citizen see it: back to the request, the PDF, print. */
export function AppealLetterPage(props: { lang: Lang; letter: AppealLetter; backHref: string; pdfHref: string }) {
  const { lang } = props;
  return (
    <section className="appeal-letter-page">
      <p className="appeal-letter-page__actions">
        <a href={props.backHref}>{t(lang, "requests:letter.back")}</a>
        <a href={props.pdfHref} download>
          {t(lang, "requests:letter.download")}
        </a>
        <PrintButton label={t(lang, "requests:letter.print")} />
      </p>
      <AppealLetterView letter={props.letter} />
    </section>
  );
}
