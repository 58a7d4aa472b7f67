// A part of the teaching lab (features/lab): not built yet.
import type { LabProps } from '../lab/lab-props';

export function SequenceDiagram(_props: LabProps) {
  return null;
}
