// The <option>s of the payload format and line ending selects: the composer's and the saved-message editor's.
import { useTranslation } from 'react-i18next';
import { lineEndings, payloadFormats } from '../../../../shared/codec';

export function PayloadFormatOptions() {
  const { t } = useTranslation();
  return payloadFormats.map((f) => (
    <option key={f} value={f}>
      {t(`format.${f}`)}
    </option>
  ));
}

export function LineEndingOptions() {
  const { t } = useTranslation();
  return lineEndings.map((le) => (
    <option key={le} value={le}>
      {t(`composer.ending.${le}`)}
    </option>
  ));
}
