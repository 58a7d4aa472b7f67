// The form of one saved message (new or edited): name, payload checked by the composer's own parsers, line
// ending, an optional target checked like the connection form's address, notes. Each mistake at its field.
import { LineEndingOptions, PayloadFormatOptions } from '../composer/payload-options';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { lessonLabel } from '../lessons/bundled-lessons';
import { hostProblem, portProblem } from '../../../../shared/address';
import { encodePayload, type LineEnding, type PayloadFormat } from '../../../../shared/codec';
import { socketSchemes, type SocketScheme } from '../../../../shared/kinds';
import { putMessage } from '../../../../shared/saved-messages';
import type { SavedMessage } from '../../../../shared/workspace';
import { maxNotesLength, maxWorkspaceNameLength } from '../../../../shared/workspace-schema';
import { useSay } from '../../lib/problem-text';
import { Button, Field, inputClass, SelectField, TextField } from '../../lib/ui';
import { Dialog } from './dialog';
import { savedMessages } from './saved-store';

type Errors = Partial<Record<'name' | 'payload' | 'host' | 'port', string>>;

export interface EditorProps {
  title: string;
  /** The message as it starts (a new one has an empty name); fields this form does not show are kept. */
  initial: SavedMessage;
  collection: string;
  /** A new message: the collection can be chosen. An edit replaces the message of this name, in place. */
  replacing?: string;
  onDone: (saved: { name: string; collection: string } | null) => void;
}

export function MessageEditor({ title, initial, collection: startIn, replacing, onDone }: EditorProps) {
  const { t, i18n } = useTranslation();
  const say = useSay();
  const [name, setName] = useState(initial.name);
  const [collection, setCollection] = useState(startIn);
  const [format, setFormat] = useState<PayloadFormat>(initial.payload.format);
  const [text, setText] = useState(initial.payload.text);
  const [ending, setEnding] = useState<LineEnding>(initial.lineEnding ?? 'none');
  const [protocol, setProtocol] = useState<SocketScheme | ''>(initial.target?.protocol ?? '');
  const [host, setHost] = useState(initial.target?.host ?? '');
  const [port, setPort] = useState(initial.target ? String(initial.target.port) : '');
  const [notes, setNotes] = useState(initial.notes ?? '');
  const [errors, setErrors] = useState<Errors>({});
  const clear = (field: keyof Errors): void => setErrors((e) => ({ ...e, [field]: undefined }));

  // The payload is checked as it is typed, like the composer's message box.
  const parsed = encodePayload(text, format);
  const payloadError = errors.payload ?? (!parsed.ok && text !== '' ? say(parsed.error.problem) : undefined);

  function save(): void {
    const found: Errors = {};
    if (name.trim() === '') found.name = say({ key: 'workspaceNameEmpty' });
    if (!parsed.ok) found.payload = say(parsed.error.problem);
    if (protocol !== '') {
      const h = hostProblem(host);
      if (h) found.host = say(h);
      const p = port.trim() === '' ? { key: 'savedPortMissing' as const } : portProblem(port, { allowZero: false });
      if (p) found.port = say(p);
    }
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const { target: _target, notes: _notes, lineEnding: _ending, ...kept } = initial;
    const message: SavedMessage = {
      ...kept,
      name: name.trim(),
      payload: { ...initial.payload, format, text },
      ...(format !== 'hex' && ending !== 'none' ? { lineEnding: ending } : {}),
      ...(protocol !== '' ? { target: { ...initial.target, protocol, host: host.trim(), port: Number(port.trim()) } } : {}),
      ...(notes.trim() !== '' ? { notes } : {}),
    };
    const problem = savedMessages.apply(putMessage(savedMessages.asWorkspace(), collection, message, replacing), collection);
    if (problem) return setErrors({ name: say(problem) });
    onDone({ name: message.name, collection });
  }

  return (
    <Dialog title={title} onClose={() => onDone(null)}>
      <form
        className="flex flex-col gap-3"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <div className="flex gap-3">
          <TextField
            label={t('saved.name')}
            value={name}
            maxLength={maxWorkspaceNameLength}
            error={errors.name}
            className="flex-1"
            onChange={(e) => {
              setName(e.target.value);
              clear('name');
            }}
          />
          {replacing === undefined ? (
            <SelectField label={t('saved.collection')} value={collection} onChange={(e) => setCollection(e.target.value)} className="w-40">
              {savedMessages.collections().map((c) => (
                <option key={c.name} value={c.name}>
                  {lessonLabel(c.name, i18n.resolvedLanguage)}
                </option>
              ))}
            </SelectField>
          ) : null}
        </div>
        <div className="flex gap-3">
          <SelectField
            label={t('saved.payloadFormat')}
            value={format}
            onChange={(e) => {
              setFormat(e.target.value as PayloadFormat);
              clear('payload');
            }}
            className="w-36"
          >
            <PayloadFormatOptions />
          </SelectField>
          <SelectField
            label={t('saved.lineEnding')}
            value={ending}
            disabled={format === 'hex'}
            onChange={(e) => setEnding(e.target.value as LineEnding)}
            className="w-40"
          >
            <LineEndingOptions />
          </SelectField>
        </div>
        <Field label={t('saved.payload')} error={payloadError}>
          {({ id, errorId, invalid }) => (
            <textarea
              id={id}
              rows={3}
              value={text}
              spellCheck={false}
              aria-invalid={invalid}
              aria-describedby={invalid ? errorId : undefined}
              className={`${inputClass} resize-y font-mono`}
              onChange={(e) => {
                setText(e.target.value);
                clear('payload');
              }}
            />
          )}
        </Field>
        <div className="flex items-start gap-3">
          <SelectField
            label={t('saved.targetProtocol')}
            value={protocol}
            onChange={(e) => {
              setProtocol(e.target.value as SocketScheme | '');
              setErrors((x) => ({ ...x, host: undefined, port: undefined }));
            }}
            className="w-28"
          >
            <option value="">{t('saved.noTarget')}</option>
            {socketSchemes.map((s) => (
              <option key={s} value={s}>
                {s.toUpperCase()}
              </option>
            ))}
          </SelectField>
          <TextField
            label={t('saved.targetHost')}
            value={host}
            disabled={protocol === ''}
            error={errors.host}
            className="min-w-0 flex-1"
            onChange={(e) => {
              setHost(e.target.value);
              clear('host');
            }}
          />
          <TextField
            label={t('saved.targetPort')}
            value={port}
            inputMode="numeric"
            disabled={protocol === ''}
            error={errors.port}
            className="w-24"
            onChange={(e) => {
              setPort(e.target.value);
              clear('port');
            }}
          />
        </div>
        <p className="-mt-2 text-xs text-slate-500 dark:text-slate-400">{t('saved.targetHint')}</p>
        <Field label={t('saved.notes')}>
          {({ id }) => (
            <textarea
              id={id}
              rows={2}
              value={notes}
              maxLength={maxNotesLength}
              className={`${inputClass} resize-y`}
              onChange={(e) => setNotes(e.target.value)}
            />
          )}
        </Field>
        <div className="flex justify-end gap-2">
          <Button onClick={() => onDone(null)}>{t('saved.cancel')}</Button>
          <Button tone="primary" type="submit">
            {t('saved.save')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
