import { useEffect, useMemo, useRef, useState, type ComponentType, type KeyboardEvent } from 'react';
import { call } from '../../app/api';
import { useUi } from '../../app/store';
import type { WriteSource } from '../../../shared/ipc/usb';
import { FeaturesPage, FilePage, NetworkPage, PasswordPage, RemotePage, type PageProps } from './WizardPages';
import { HashesPage } from './HashesPage';
import { ReviewPage } from './ReviewPage';
import {
  STEPS,
  formIssues,
  formToConfig,
  formToOptions,
  initialForm,
  issuesOfStep,
  type WizardForm,
} from './wizard-model';

const PAGES: Readonly<Record<Exclude<(typeof STEPS)[number]['id'], 'review'>, ComponentType<PageProps>>> = {
  password: PasswordPage,
  network: NetworkPage,
  remote: RemotePage,
  hashes: HashesPage,
  features: FeaturesPage,
  file: FilePage,
};

/** Elements where Enter already means something else (press a button, pick an option, new line). */
const ENTER_OWNERS = new Set(['BUTTON', 'TEXTAREA', 'SELECT', 'A', 'SUMMARY']);

/** The MEBx-equivalent wizard: one page per MEBx menu, live checks, then save or write to a stick. */
export function Wizard({ onWrite }: { onWrite(source: WriteSource, label: string): void }) {
  const [form, setForm] = useState<WizardForm>(initialForm);
  const [index, setIndex] = useState(0);
  const [reached, setReached] = useState(0);
  const [saving, setSaving] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const { toastError, toastInfo } = useUi.getState();
  const issues = useMemo(() => formIssues(form), [form]);
  const step = STEPS[index];
  const stepIssues = issuesOfStep(issues, step.id);
  const blocked = stepIssues.some((i) => i.severity === 'error');
  const isReview = step.id === 'review';
  const first = useRef(true);

  useEffect(() => {
    // Focus the page title on every page change (not on first show) so screen readers announce it.
    if (first.current) first.current = false;
    else heading.current?.focus();
  }, [index]);

  const set = (patch: Partial<WizardForm>) => setForm((f) => ({ ...f, ...patch }));
  const go = (i: number) => {
    setIndex(i);
    setReached((r) => Math.max(r, i));
  };
  const next = () => {
    if (!blocked && index < STEPS.length - 1) go(index + 1);
  };
  const back = () => index > 0 && go(index - 1);
  const request = () => ({ config: formToConfig(form), options: formToOptions(form) });

  const save = async () => {
    setSaving(true);
    try {
      const result = await call('setupbin.save', request());
      if (result.path) toastInfo('setup.bin saved', `${result.bytes} bytes written to ${result.path}`);
    } catch (err) {
      toastError(err);
    } finally {
      setSaving(false);
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const target = e.target as HTMLElement;
    if (e.key === 'ArrowLeft' && e.altKey) {
      e.preventDefault();
      back();
    } else if (e.key === 'Enter' && !e.altKey && !e.ctrlKey && !ENTER_OWNERS.has(target.tagName) && !isReview) {
      e.preventDefault();
      next();
    }
  };

  const Page = isReview ? null : PAGES[step.id as keyof typeof PAGES];
  return (
    <div className="usb-wizard" onKeyDown={onKeyDown}>
      <nav aria-label="Wizard steps" className="usb-steps">
        <ol>
          {STEPS.map((s, i) => (
            <li key={s.id}>
              <button
                type="button"
                aria-current={i === index ? 'step' : undefined}
                disabled={i > reached || (i > index && blocked)}
                onClick={() => go(i)}
              >
                <span className="usb-step-number">{i + 1}</span> {s.title}
              </button>
            </li>
          ))}
        </ol>
      </nav>
      <div className="usb-page" data-step={step.id}>
        <h2 ref={heading} tabIndex={-1}>
          Step {index + 1} of {STEPS.length}: {step.title}
        </h2>
        {Page ? (
          <Page key={step.id} form={form} set={set} issues={issues} />
        ) : (
          <ReviewPage form={form} issues={issues} />
        )}
        {!isReview && blocked ? <p className="bad usb-blocked">Fix the errors on this page to go on.</p> : null}
        <div className="toolbar usb-nav">
          <button type="button" onClick={back} disabled={index === 0} title="Alt+Left">
            Back
          </button>
          <span className="spacer" />
          {isReview ? (
            <>
              <button type="button" className="primary" disabled={blocked || saving} onClick={() => void save()}>
                Save setup.bin…
              </button>
              <button
                type="button"
                disabled={blocked}
                onClick={() => onWrite({ kind: 'config', ...request() }, 'the wizard settings')}
              >
                Write to a stick…
              </button>
            </>
          ) : (
            <button type="button" className="primary" onClick={next} disabled={blocked} title="Enter">
              Next
            </button>
          )}
        </div>
      </div>
    </div>
  );
}
