import { memo, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { autoReplyModes, type SessionInfo, type SessionKind } from '../../../../shared/contract';
import { isClientKind, roleOf, sessionKindList } from '../../../../shared/kinds';
import { api } from '../../api';
import { useSay } from '../../lib/problem-text';
import { Button, SelectField, TextField } from '../../lib/ui';
import { LocalAddressPicker } from '../interfaces/local-address-picker';
import { sessionPropsEqual } from '../../lib/same-session';
import { store } from '../../state/app-store';
import { isTlsKind, TlsFields } from '../tls/tls-fields';
import { tlsValuesFrom } from '../tls/tls-form-model';
import { FramingField } from '../framing/framing-field';
import { focusTarget, shortcutTarget } from '../shortcuts/shortcut-targets';
import { RulesTable } from '../rules/rules-table';
import { pendingRulesFrom, pendingRulesProblem } from '../rules/pending-rules';
import { StreamOptionsFields, StreamOptionsSummary } from '../stream-options/stream-options-fields';
import { streamValuesFrom } from '../stream-options/stream-options-model';
import { MulticastOpenFields, MulticastOptionsSummary } from '../multicast/multicast-open-fields';
import { multicastValuesFrom } from '../multicast/multicast-open-model';
import type { CommandError, OpenSessionRequest } from '../../../../shared/contract';
import type { FormLink } from '../workspace/form-link';
import { RecentTargets } from '../workspace/recent-targets';
import { diagramFeed } from '../sequence-diagram/diagram-feed';
import { defaultHost, formFieldOf, initialForm, validateForm, type FieldErrors, type FormValues } from './form-model';
import { noteOpenFailure } from '../predict/open-failures';

function valuesFrom(session: SessionInfo): FormValues {
  return {
    ...initialForm,
    kind: session.kind,
    host: session.target.host,
    // A server asked for port 0 shows the port it really got, so reopening keeps the same one.
    port: String(isClientKind(session.kind) ? session.target.port : (session.local?.port ?? session.target.port)),
    replyMode: session.autoReply?.mode ?? 'none',
    replyText: session.autoReply?.text ?? '',
    closeAfterReply: session.autoReply?.closeAfterReply ?? false,
    ...tlsValuesFrom(session),
    broadcast: session.broadcast ?? false,
    framing: session.stream?.framing ?? 'raw',
    ...streamValuesFrom(session),
    ...multicastValuesFrom(session),
    ...pendingRulesFrom(session),
  };
}

/** What the engine does not tell of a session (a client's local address and port, its connect timeout): as typed. */
const untold = (typed: FormValues): Pick<FormValues, 'localAddress' | 'localPort' | 'connectTimeoutMs'> => ({
  localAddress: typed.localAddress,
  localPort: typed.localPort,
  connectTimeoutMs: typed.connectTimeoutMs,
});

const openVerb: Record<SessionKind, string> = {
  'tcp-client': 'connect',
  'tcp-server': 'listen',
  udp: 'open',
  'tls-client': 'connect',
  'tls-server': 'listen',
};
const closeVerb: Record<SessionKind, string> = {
  'tcp-client': 'disconnect',
  'tcp-server': 'stop',
  udp: 'close',
  'tls-client': 'disconnect',
  'tls-server': 'stop',
};

/** `link`: the workspace's entry this form is shown for (features/workspace/form-link.ts); mount it keyed by the entry. */
export const ConnectionForm = memo(function ConnectionForm({ session, link }: { session: SessionInfo | null; link?: FormLink }) {
  const { t } = useTranslation();
  const say = useSay();
  const [values, setValues] = useState<FormValues>(link?.initial ?? initialForm);
  // Typed values are kept for the entry (saved after a pause), so they come back when it is shown again.
  useEffect(() => link?.onValues(values), [link, values]);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [rulesRefused, setRulesRefused] = useState<CommandError | null>(null);

  // Showing another session: the form shows its settings (adjusted while rendering, as React
  // advises, and only when another session is shown, not on every counter update).
  const [shownId, setShownId] = useState(session?.id);
  if (session?.id !== shownId) {
    setShownId(session?.id);
    // The session was opened from these values (the form is keyed by its entry): what it does not tell stays as typed.
    setValues((v) => (session ? { ...valuesFrom(session), ...untold(v) } : { ...v }));
    setErrors({});
    setNotice(null);
  }

  const live =
    session !== null &&
    (session.state === 'connecting' || session.state === 'connected' || session.state === 'listening' || session.state === 'open');
  const set = <K extends keyof FormValues>(key: K, value: FormValues[K]): void => {
    setValues((v) => ({ ...v, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
  };

  const changeKind = (kind: SessionKind): void => {
    setValues((v) => ({ ...v, kind, host: v.host === defaultHost(v.kind) ? defaultHost(kind) : v.host }));
    setErrors({});
  };

  async function open(): Promise<void> {
    const { errors: found, request } = validateForm(values, say);
    setErrors(found);
    setNotice(null);
    setRulesRefused(pendingRulesProblem(values));
    if (!request || pendingRulesProblem(values)) return;
    setBusy(true);
    // What the form has no field for (a lesson's simulated problems, a lab's read mode) goes along as kept.
    const result = await api.openSession({ ...link?.openOptions(request.kind), ...request } as OpenSessionRequest);
    setBusy(false);
    diagramFeed.noteOpen(request, result.ok ? null : result.error);
    if (result.ok) {
      if (link) link.onOpened(result.value, values);
      else store.addSession(result.value);
      // Opened: the next thing to do is to write a message.
      focusTarget('composer');
    } else {
      noteOpenFailure(result.error.code);
      const field = formFieldOf(result.error.field);
      if (field) setErrors({ [field]: say(result.error) });
      else if (result.error.field?.startsWith('rules.')) setRulesRefused(result.error);
      else setNotice(say(result.error));
    }
  }

  async function close(): Promise<void> {
    if (!session) return;
    setBusy(true);
    const result = await api.closeSession({ sessionId: session.id });
    setBusy(false);
    if (!result.ok) setNotice(say(result.error));
  }

  async function applyAutoReply(): Promise<void> {
    if (!session) return;
    const { errors: found } = validateForm({ ...values, port: '0' }, say);
    if (found.replyText) return setErrors(found);
    const result = await api.setAutoReply({
      sessionId: session.id,
      autoReply: { mode: values.replyMode, text: values.replyText, closeAfterReply: values.closeAfterReply },
    });
    setNotice(result.ok ? t('form.autoReplyApplied') : say(result.error));
  }

  // A live session's settings are shown as they are (read-only); the editable values wait underneath.
  const shown = live && session ? { ...valuesFrom(session), ...untold(values) } : values;
  const kind = shown.kind;
  const isServer = !isClientKind(kind);
  return (
    <form
      aria-label={t('form.title')}
      className="flex flex-col gap-3 border-b border-slate-200 p-3 dark:border-slate-700"
      onSubmit={(e) => {
        e.preventDefault();
        void (live ? close() : open());
      }}
      noValidate
    >
      <div className="flex flex-wrap items-start gap-3">
        <SelectField
          label={t('form.protocol')}
          value={kind}
          disabled={live || busy}
          onChange={(e) => changeKind(e.target.value as SessionKind)}
          className="w-40"
          {...shortcutTarget('protocol')}
        >
          {sessionKindList.map((k) => (
            <option key={k} value={k}>
              {t(`kind.${k}`)}
            </option>
          ))}
        </SelectField>
        <TextField
          label={t('form.host')}
          value={shown.host}
          disabled={live || busy}
          onChange={(e) => set('host', e.target.value)}
          error={errors.host}
          hint={live ? undefined : t(`form.hostHint.${kind}`)}
          className="min-w-48 flex-1"
          placeholder="127.0.0.1"
        />
        {!isServer && !live ? (
          <RecentTargets
            disabled={busy}
            onPick={(picked) => {
              setValues((v) => ({ ...v, ...picked }));
              setErrors((e) => ({ ...e, host: undefined, port: undefined }));
            }}
          />
        ) : null}
        {isServer && !live ? <LocalAddressPicker disabled={busy} onPick={(address) => set('host', address)} /> : null}
        <TextField
          label={t('form.port')}
          value={shown.port}
          disabled={live || busy}
          inputMode="numeric"
          onChange={(e) => set('port', e.target.value)}
          error={errors.port}
          hint={live ? undefined : t(`form.portHint.${kind}`)}
          className="w-44"
          placeholder={isServer ? '0' : '9000'}
        />
        <FramingField
          kind={kind}
          value={shown.framing}
          disabled={live || busy}
          error={errors.framing}
          onChange={(value) => set('framing', value)}
        />
        {/* Marked: the form pane, fitted to leave the log room, still shows this row (layout/app-panes.tsx). */}
        <div data-form-action className="flex flex-col gap-1 pt-5">
          <div className="flex gap-2">
            {live ? (
              <Button type="submit" tone="danger" disabled={busy} {...shortcutTarget('connect')}>
                {t(`action.${closeVerb[kind]}`)}
              </Button>
            ) : (
              <Button type="submit" tone="primary" disabled={busy} {...shortcutTarget('connect')}>
                {busy ? t(`action.${openVerb[kind]}ing`) : t(`action.${openVerb[kind]}`)}
              </Button>
            )}
            {session && !live ? (
              <Button onClick={() => (link ? link.onRemove() : void store.remove(session.id))}>{t('action.remove')}</Button>
            ) : null}
          </div>
        </div>
      </div>

      {isTlsKind(kind) ? (
        <TlsFields
          kind={kind}
          values={shown}
          errors={errors}
          disabled={live || busy}
          set={(key, value) => set(key, value as FormValues[typeof key])}
        />
      ) : null}

      <details className="text-sm">
        <summary className="cursor-pointer select-none text-xs font-semibold text-slate-600 dark:text-slate-300">
          {t('form.advanced')}
          {live ? <StreamOptionsSummary kind={kind} values={shown} /> : null}
          {live ? <MulticastOptionsSummary kind={kind} values={shown} /> : null}
        </summary>
        <div className="mt-2 flex flex-wrap items-start gap-3">
          {isClientKind(kind) ? (
            <>
              <TextField
                label={t('form.localAddress')}
                value={shown.localAddress}
                disabled={live || busy}
                onChange={(e) => set('localAddress', e.target.value)}
                error={errors.localAddress}
                hint={t('form.optional')}
                className="w-48"
              />
              <TextField
                label={t('form.localPort')}
                value={shown.localPort}
                disabled={live || busy}
                inputMode="numeric"
                onChange={(e) => set('localPort', e.target.value)}
                error={errors.localPort}
                hint={t('form.optional')}
                className="w-32"
              />
              <TextField
                label={t('form.connectTimeout')}
                value={shown.connectTimeoutMs}
                disabled={live || busy}
                inputMode="numeric"
                onChange={(e) => set('connectTimeoutMs', e.target.value)}
                error={errors.connectTimeoutMs}
                className="w-40"
              />
            </>
          ) : (
            <>
              <SelectField
                label={t('form.autoReply')}
                value={values.replyMode}
                onChange={(e) => set('replyMode', e.target.value as FormValues['replyMode'])}
                className="w-48"
              >
                {autoReplyModes.map((m) => (
                  <option key={m} value={m}>
                    {t(`reply.${m}`)}
                  </option>
                ))}
              </SelectField>
              {values.replyMode === 'prefix' || values.replyMode === 'fixed' ? (
                <TextField
                  label={t('form.replyText')}
                  value={values.replyText}
                  onChange={(e) => set('replyText', e.target.value)}
                  error={errors.replyText}
                  hint={t('form.replyTextHint')}
                  className="min-w-56 flex-1"
                />
              ) : null}
              {kind === 'udp' ? (
                <label className="flex items-center gap-2 pt-6 text-sm">
                  <input
                    type="checkbox"
                    checked={shown.broadcast}
                    disabled={live || busy}
                    onChange={(e) => set('broadcast', e.target.checked)}
                  />
                  {t('multicast.broadcast')}
                </label>
              ) : null}
              {roleOf(kind) === 'server' ? (
                <label className="flex items-center gap-2 pt-6 text-sm">
                  <input type="checkbox" checked={values.closeAfterReply} onChange={(e) => set('closeAfterReply', e.target.checked)} />
                  {t('form.closeAfterReply')}
                </label>
              ) : null}
              {live ? (
                <div className="pt-5">
                  <Button onClick={() => void applyAutoReply()}>{t('action.apply')}</Button>
                </div>
              ) : null}
            </>
          )}
        </div>
        <StreamOptionsFields
          live={live}
          kind={kind}
          values={shown}
          errors={errors}
          disabled={live || busy}
          set={(key, value) => set(key, value as FormValues[typeof key])}
        />
        <MulticastOpenFields
          live={live}
          kind={kind}
          values={shown}
          errors={errors}
          disabled={live || busy}
          set={(key, value) => set(key, value as FormValues[typeof key])}
        />
        {live && session && isServer ? <RulesTable session={session} /> : null}
        {!live && isServer ? (
          <RulesTable
            session={null}
            draft={{
              key: `${session?.id ?? 'new'}-${kind}`,
              kind,
              initial: values.rules,
              fallback: { mode: values.replyMode, text: values.replyText, closeAfterReply: values.closeAfterReply },
              encoding: session?.encoding ?? 'utf-8',
              onChange: (rules) => set('rules', rules),
              refused: rulesRefused,
            }}
          />
        ) : null}
      </details>
      {notice ? (
        <p role="status" className="text-xs text-slate-600 dark:text-slate-300">
          {notice}
        </p>
      ) : null}
    </form>
  );
}, sessionPropsEqual);
