// "Save message": beside the composer's Send, and in the log's details pane. Opens the message form filled
// with what is there (a name still to type), saving into the current collection (made on first use).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SavedMessage } from '../../../../shared/workspace';
import { Button } from '../../lib/ui';
import { MessageEditor } from './message-editor';
import { savedMessages } from './saved-store';

/** `draft` answers the message to start from (its name left empty), or null when there is nothing to save. */
export function SaveMessageButton({
  draft,
  disabled,
  className,
}: {
  draft: () => Promise<SavedMessage | null> | SavedMessage | null;
  disabled?: boolean;
  className?: string;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<{ message: SavedMessage; collection: string } | null>(null);
  return (
    <>
      <Button
        disabled={disabled}
        className={className}
        onClick={() => {
          void Promise.resolve(draft()).then((message) => {
            if (!message) return;
            const collection = savedMessages.ensureCollection(t('saved.defaultCollection'));
            setEditing({ message, collection: collection.name });
          });
        }}
      >
        {t('saved.saveMessage')}
      </Button>
      {editing ? (
        <MessageEditor
          title={t('saved.saveTitle')}
          initial={editing.message}
          collection={editing.collection}
          onDone={(saved) => {
            setEditing(null);
            if (saved) savedMessages.say({ kind: 'saved', ...saved });
          }}
        />
      ) : null}
    </>
  );
}
