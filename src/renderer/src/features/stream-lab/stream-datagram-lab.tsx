// The Stream vs datagram lab: the same message chips sent over TCP and UDP side by side (each a write, or all
// in one, or sliced), the TCP receiver's kernel buffer filling byte by byte with recv(n) taking off the front,
// UDP's recvfrom() returning one whole datagram per call, and framing toggles at the TCP receiver.
import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { recvRange } from '../../../../shared/contract';
import { encodeText } from '../../../../shared/codec';
import { sayProblem } from '../../lib/problem-text';
import { Button, inputClass } from '../../lib/ui';
import type { LabProps } from '../lab/lab-props';
import { labNav, type GlossaryId } from '../lab/lab-nav';
import { ByteCells, bytesText, WriteLegend, writeColour } from './byte-cells';
import { planWrites, type SendMode } from './slices';
import { receiverFramings, streamLab, type PairNames, type ReceiverFraming } from './stream-lab-store';

const heading = 'text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400';
const sideBox = 'flex min-w-[180px] flex-1 basis-0 flex-col gap-2 rounded border border-slate-200 p-1.5 dark:border-slate-700';

function usePairNames(): PairNames {
  const { t } = useTranslation();
  return {
    tcpReceiver: t('streamLab.sessionNames.tcpReceiver'),
    tcpSender: t('streamLab.sessionNames.tcpSender'),
    udpReceiver: t('streamLab.sessionNames.udpReceiver'),
    udpSender: t('streamLab.sessionNames.udpSender'),
  };
}

function GlossaryLinks({ ids }: { ids: { id: GlossaryId; label: string }[] }) {
  return (
    <p className="flex flex-wrap gap-2 text-xs">
      {ids.map(({ id, label }) => (
        <button key={id} type="button" className="text-sky-700 underline dark:text-sky-300" onClick={() => labNav.explain(id)}>
          {label}
        </button>
      ))}
    </p>
  );
}

/** The chips, their slicers, how they are written, and Send. */
function Sender() {
  const { t } = useTranslation();
  const names = usePairNames();
  const lab = streamLab;
  const plan = planWrites(lab.chips, lab.slices, lab.mode);
  const problems = plan.ok ? [] : plan.problems;
  return (
    <section aria-labelledby="stream-lab-chips" className="flex flex-col gap-2">
      <h3 id="stream-lab-chips" className={heading}>
        {t('streamLab.chips')}
      </h3>
      <ol className="flex flex-col gap-1.5">
        {lab.chips.map((chip, i) => {
          const n = i + 1;
          const problem = problems[i];
          const short = encodeText(chip).byteLength < 2;
          return (
            <li key={i} className="flex flex-col gap-0.5">
              <div className="flex items-center gap-1">
                <input
                  className={`${inputClass} min-w-0 flex-[2] font-mono`}
                  aria-label={t('streamLab.chip', { n })}
                  value={chip}
                  onChange={(e) => lab.setChip(i, e.target.value)}
                />
                <input
                  className={`${inputClass} min-w-0 flex-1`}
                  aria-label={t('streamLab.slice', { n })}
                  title={t('streamLab.slice', { n })}
                  placeholder={t('streamLab.slicePlaceholder')}
                  aria-invalid={problem ? true : undefined}
                  value={lab.slices[i] ?? ''}
                  onChange={(e) => lab.setSlice(i, e.target.value)}
                />
                <Button
                  className="px-2"
                  aria-label={t('streamLab.removeChip', { n })}
                  onClick={() => lab.removeChip(i)}
                  disabled={lab.chips.length <= 1}
                >
                  ×
                </Button>
              </div>
              {problem ? (
                <span className="text-xs text-red-700 dark:text-red-300">
                  {short ? t('streamLab.sliceNone') : t('streamLab.sliceBad', { max: problem.max })}
                </span>
              ) : null}
            </li>
          );
        })}
      </ol>
      <Button className="self-start" onClick={() => lab.addChip()}>
        {t('streamLab.addChip')}
      </Button>
      <fieldset className="flex flex-wrap gap-x-3 gap-y-1 text-xs">
        <legend className="mb-0.5 font-medium">{t('streamLab.mode')}</legend>
        {(['each', 'all'] as SendMode[]).map((mode) => (
          <label key={mode} className="flex items-center gap-1">
            <input type="radio" name="stream-lab-mode" checked={lab.mode === mode} onChange={() => lab.setMode(mode)} />
            {t(`streamLab.${mode}`)}
          </label>
        ))}
      </fieldset>
      <Button tone="primary" className="self-start" disabled={lab.busy || !plan.ok} onClick={() => void lab.send(names)}>
        {lab.busy ? t('streamLab.sending') : t('streamLab.send')}
      </Button>
      {lab.error ? (
        <p role="alert" className="text-xs text-red-700 dark:text-red-300">
          {t('streamLab.failed', { reason: sayProblem(t, lab.error) })}
        </p>
      ) : null}
    </section>
  );
}

/** The TCP receiver: its framing, its kernel buffer, recv(n) and what it returned. */
function TcpSide() {
  const { t } = useTranslation();
  const names = usePairNames();
  const lab = streamLab;
  const waiting = lab.tcpBytes.slice(lab.consumed);
  const max = Number(lab.recvMax);
  const maxOk = /^\d+$/.test(lab.recvMax.trim()) && max >= recvRange.min && max <= recvRange.max;
  return (
    <section aria-labelledby="stream-lab-tcp" className={sideBox}>
      <h3 id="stream-lab-tcp" className="text-sm font-semibold">
        {t('streamLab.tcp')}
      </h3>
      <label className="flex flex-col gap-0.5 text-xs">
        <span>{t('streamLab.framing')}</span>
        <select
          className={inputClass}
          value={lab.framing}
          disabled={lab.busy}
          onChange={(e) => void lab.setFraming(e.target.value as ReceiverFraming, names)}
        >
          {receiverFramings.map((f) => (
            <option key={f} value={f}>
              {t(`streamLab.framings.${f}`)}
            </option>
          ))}
        </select>
      </label>
      <p className="text-[11px] text-slate-500 dark:text-slate-400">{t('streamLab.framingNote')}</p>
      <div role="group" aria-label={t('streamLab.buffer')} className="flex flex-col gap-1">
        <span className="text-xs font-medium">{t('streamLab.buffer')}</span>
        <span className="text-xs" aria-live="polite">
          {waiting.length === 0
            ? t('streamLab.bufferEmpty')
            : `${t('streamLab.bufferCount', { count: waiting.length })}: “${bytesText(waiting)}”`}
        </span>
        <ByteCells bytes={waiting} />
      </div>
      <WriteLegend bytes={[...waiting, ...lab.recvs.flatMap((r) => r.bytes)]} writes={lab.writes} />
      <div className="flex flex-wrap items-end gap-1">
        <label className="flex flex-col text-xs">
          <span>{t('streamLab.recvN')}</span>
          <input
            className={`${inputClass} w-20`}
            inputMode="numeric"
            aria-invalid={maxOk ? undefined : true}
            value={lab.recvMax}
            onChange={(e) => lab.setRecvMax(e.target.value)}
          />
        </label>
        <Button tone="primary" disabled={lab.busy || !maxOk || lab.pairs === null} onClick={() => void lab.recv(max)}>
          {t('calls.recv')}
        </Button>
      </div>
      {maxOk ? null : <span className="text-xs text-red-700 dark:text-red-300">{t('streamLab.recvBad')}</span>}
      <ol aria-label={t('streamLab.recvResults')} className="flex flex-col gap-1">
        {lab.recvs.map((r) => (
          <li key={r.id} className="flex flex-col gap-0.5 rounded bg-slate-50 p-1 text-xs dark:bg-slate-800">
            <span>
              {r.outcome === 'read'
                ? `${t('streamLab.recvRead', { count: r.bytes.length, asked: r.asked })}: “${bytesText(r.bytes)}”`
                : t(r.outcome === 'empty' ? 'streamLab.recvEmpty' : 'streamLab.recvClosed', { asked: r.asked })}
            </span>
            <ByteCells bytes={r.bytes} />
          </li>
        ))}
      </ol>
      {lab.framing !== 'raw' ? (
        <div className="flex flex-col gap-0.5 text-xs">
          <span className="font-medium">{t('streamLab.messages')}</span>
          {lab.framed.length === 0 ? (
            <span className="text-slate-500 dark:text-slate-400">{t('streamLab.messagesNone')}</span>
          ) : (
            <ol aria-label={t('streamLab.messages')} className="flex flex-wrap gap-1">
              {lab.framed.map((m, i) => (
                <li key={i} className="rounded border border-slate-300 px-1 font-mono dark:border-slate-600">
                  {m}
                </li>
              ))}
            </ol>
          )}
        </div>
      ) : null}
      <p className="text-xs text-slate-700 dark:text-slate-200">{t('streamLab.whyTcp')}</p>
      <GlossaryLinks
        ids={[
          { id: 'stream', label: t('streamLab.readStream') },
          { id: 'boundary', label: t('streamLab.readBoundary') },
        ]}
      />
    </section>
  );
}

/** The UDP receiver: the datagrams waiting, recvfrom(), and what it returned. */
function UdpSide() {
  const { t } = useTranslation();
  const lab = streamLab;
  const waiting = lab.datagramWrites.slice(lab.datagramsTaken);
  return (
    <section aria-labelledby="stream-lab-udp" className={sideBox}>
      <h3 id="stream-lab-udp" className="text-sm font-semibold">
        {t('streamLab.udp')}
      </h3>
      <div role="group" aria-label={t('streamLab.queue')} className="flex flex-col gap-1">
        <span className="text-xs font-medium">{t('streamLab.queue')}</span>
        <span className="text-xs">{t('streamLab.queueCount', { count: waiting.length })}</span>
        <ol className="flex flex-wrap gap-1" aria-hidden="true">
          {waiting.map((n, i) => (
            <li key={i} className={`rounded-sm border px-1 font-mono text-xs ${writeColour(n)}`}>
              {lab.writes[n - 1]}
              <span className="ml-1 text-[9px] text-slate-600 dark:text-slate-300">{n}</span>
            </li>
          ))}
        </ol>
      </div>
      <Button tone="primary" className="self-start" disabled={lab.busy || lab.pairs === null} onClick={() => void lab.recvfrom()}>
        {t('calls.recvfrom')}
      </Button>
      <ol aria-label={t('streamLab.recvfromResults')} className="flex flex-col gap-1">
        {lab.recvfroms.map((r) => (
          <li key={r.id} className="flex flex-col gap-0.5 rounded bg-slate-50 p-1 text-xs dark:bg-slate-800">
            <span>
              {r.bytes.length === 0 && r.from === ''
                ? t('streamLab.recvfromEmpty')
                : `${t('streamLab.recvfromRead', { count: r.bytes.length, from: r.from })}: “${bytesText(r.bytes)}”`}
            </span>
            <ByteCells bytes={r.bytes} />
          </li>
        ))}
      </ol>
      <p className="text-[11px] text-slate-500 dark:text-slate-400">{t('streamLab.queueNote')}</p>
      <p className="text-xs text-slate-700 dark:text-slate-200">{t('streamLab.whyUdp')}</p>
      <GlossaryLinks
        ids={[
          { id: 'datagram', label: t('streamLab.readDatagram') },
          { id: 'boundary', label: t('streamLab.readBoundary') },
        ]}
      />
    </section>
  );
}

export function StreamDatagramLab(_props: LabProps) {
  const { t } = useTranslation();
  useSyncExternalStore(streamLab.subscribe, streamLab.getVersion);
  return (
    <div className="flex flex-col gap-3 p-2 text-sm">
      <p className="text-xs text-slate-600 dark:text-slate-300">{t('streamLab.intro')}</p>
      <Sender />
      <div className="flex flex-wrap gap-2">
        <TcpSide />
        <UdpSide />
      </div>
    </div>
  );
}
