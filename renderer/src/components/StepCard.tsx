import type { ReactNode } from 'react';

/** One numbered step of the set-up flow: a card with a heading the section is labelled by. */
export function StepCard({ step, title, children }: { step: number; title: ReactNode; children: ReactNode }) {
  const id = `step${step}`;
  return (
    <section className="card" aria-labelledby={id}>
      <header className="card-head">
        <h2 id={id}>
          <span className="step-num">{step}</span> {title}
        </h2>
      </header>
      {children}
    </section>
  );
}
