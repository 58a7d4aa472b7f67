// The teaching lab: the selected session's live sequence diagram above the lab's tools, the split between
// them resizable.
import { useTranslation } from 'react-i18next';
import { Group, Panel } from 'react-resizable-panels';
import { SequenceDiagram } from '../sequence-diagram/sequence-diagram';
import { PaneSeparator } from '../layout/pane-controls';
import type { LabProps } from './lab-props';
import { LabTabs } from './lab-tabs';
import { LabCloseButton } from './lab-toggle';
import { SimulatedBadge } from '../network-problems/simulated-badge';

export function LabPane(props: LabProps) {
  const { t } = useTranslation();
  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <div className="flex items-center border-b border-slate-200 px-2 py-1 dark:border-slate-700">
        <h2 className="text-sm font-semibold">{t('lab.title')}</h2>
        <SimulatedBadge session={props.session} className="ml-2" />
        <LabCloseButton />
      </div>
      <Group id="lab-rows" orientation="vertical" className="min-h-0 flex-1">
        <Panel id="lab-diagram-pane" minSize={120} defaultSize="55%" className="flex flex-col">
          <SequenceDiagram {...props} />
        </Panel>
        <PaneSeparator label={t('lab.resizeTools')} vertical={false} />
        <Panel id="lab-tools-pane" minSize={120} className="flex flex-col">
          <LabTabs {...props} />
        </Panel>
      </Group>
    </div>
  );
}
