// Lesson packs (workspace files with a `lesson`): the three shipped in lessons/ pass the workspace check, a
// damaged lesson is refused at its field with a keyed problem, and a round trip keeps the lesson and unknown fields.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtInQuestions, errorChoices, isCorrect, readAnswer } from '../../src/shared/lesson/predictions';
import { checkWorkspace, mistakeText, parseWorkspaceText, serializeWorkspace } from '../../src/shared/workspace';

const lessonsDir = path.join(__dirname, '../../lessons');
const packs = readdirSync(lessonsDir).filter((f) => f.endsWith('.socketlab.json'));

const pack = (): Record<string, unknown> => ({
  format: 'socket-lab-workspace',
  version: 1,
  future: { kept: true },
  lesson: {
    title: { en: 'Hello', ko: '안녕' },
    intro: { en: 'Intro', ko: '소개' },
    badge: 'star',
    questions: [
      { id: 'q1', kind: 'dataCount', text: { en: 'How many?', ko: '몇 번?' }, session: 'Client', direction: 'in', later: 1 },
      { id: 'q2', kind: 'error', text: { en: 'Which error?', ko: '어떤 오류?' }, glossary: 'refused' },
    ],
  },
  sessions: [{ name: 'Client', kind: 'tcp-client', host: '127.0.0.1', port: 9000 }],
});

const mistakesOf = (value: unknown) => {
  const check = checkWorkspace(value, '"pack.socketlab.json"');
  return check.ok ? [] : check.mistakes.map((m) => ({ field: m.field, key: m.problem.key, text: mistakeText(m) }));
};

describe('the shipped lesson packs', () => {
  it('are three, one per seed lesson', () => {
    expect(packs).toHaveLength(3);
  });

  it.each(packs)('%s is a valid workspace with a lesson in English and Korean', (file) => {
    const check = parseWorkspaceText(readFileSync(path.join(lessonsDir, file), 'utf8'), file);
    if (!check.ok) throw new Error(check.mistakes.map(mistakeText).join('\n'));
    const lesson = check.workspace.lesson!;
    expect(lesson.title.en).not.toBe('');
    expect(lesson.title.ko).toMatch(/[가-힣]/);
    expect(lesson.questions.length).toBeGreaterThanOrEqual(3);
    for (const q of lesson.questions) expect(q.text?.ko).toMatch(/[가-힣]/);
    expect(check.workspace.sessions!.length).toBeGreaterThanOrEqual(2);
  });
});

it("the README's example lesson is a valid workspace", () => {
  const readme = readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Lessons, predictions and the glossary'));
  const example = /```json\n([\s\S]*?)\n```/.exec(section)![1]!;
  const check = parseWorkspaceText(example, 'README');
  if (!check.ok) throw new Error(check.mistakes.map(mistakeText).join('\n'));
  expect(check.workspace.lesson!.questions[0]!.kind).toBe('error');
});

describe('the lesson field', () => {
  it('is optional: a workspace without one is as before', () => {
    expect(mistakesOf({ format: 'socket-lab-workspace', version: 1 })).toEqual([]);
  });

  it('keeps itself and every unknown field through a save and a read', () => {
    const value = pack();
    const check = checkWorkspace(value, 'pack');
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    const again = parseWorkspaceText(serializeWorkspace(check.workspace), 'pack');
    expect(again.ok && again.workspace).toEqual(value);
  });

  it('refuses a question of an unknown kind at its field', () => {
    const value = pack();
    (value.lesson as { questions: Record<string, unknown>[] }).questions[0]!.kind = 'guess';
    const [m] = mistakesOf(value);
    expect(m).toMatchObject({ field: 'lesson.questions.0.kind', key: 'workspaceFieldChoice' });
  });

  it('refuses a title without its Korean, and a lesson without questions', () => {
    const value = pack();
    const lesson = value.lesson as Record<string, unknown>;
    lesson.title = { en: 'Only English' };
    delete lesson.questions;
    expect(mistakesOf(value)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'lesson.title.ko', key: 'workspaceFieldMissing' }),
        expect.objectContaining({ field: 'lesson.questions', key: 'workspaceFieldMissing' }),
      ]),
    );
  });

  it('refuses two questions with one id, and a question about a session the file does not have', () => {
    const value = pack();
    const questions = (value.lesson as { questions: Record<string, unknown>[] }).questions;
    questions[1]!.id = 'q1';
    questions[0]!.session = 'Server';
    const found = mistakesOf(value);
    expect(found).toContainEqual({
      field: 'lesson.questions.1.id',
      key: 'lessonQuestionTwice',
      text: 'lesson.questions.1.id: Two questions of the lesson have the id "q1": each needs its own.',
    });
    expect(found).toContainEqual(expect.objectContaining({ field: 'lesson.questions.0.session', key: 'lessonSessionUnknown' }));
  });

  it('refuses a translated name of a session the file does not have, and a name without both languages', () => {
    const value = pack();
    const lesson = value.lesson as Record<string, unknown>;
    lesson.names = { Nobody: { en: 'Nobody', ko: '아무도' } };
    expect(mistakesOf(value)).toContainEqual(expect.objectContaining({ field: 'lesson.names.Nobody', key: 'lessonNameUnknown' }));
    const sessions = value.sessions as { name: string }[];
    lesson.names = { [sessions[0]!.name]: { en: 'only English' } };
    expect(mistakesOf(value)).toContainEqual(expect.objectContaining({ field: `lesson.names.${sessions[0]!.name}.ko` }));
  });

  it('translates the names of its collections and saved messages too', () => {
    const value = pack();
    const lesson = value.lesson as Record<string, unknown>;
    value.collections = [{ name: 'Lesson 1', messages: [{ name: 'hello', payload: { format: 'text', text: 'hi' } }] }];
    lesson.names = { 'Lesson 1': { en: 'Lesson 1', ko: '수업 1' }, hello: { en: 'hello', ko: '인사' } };
    expect(mistakesOf(value)).toEqual([]);
  });

  it('refuses a lesson that is not an object', () => {
    const value = pack();
    value.lesson = 'lesson one';
    expect(mistakesOf(value)).toEqual([expect.objectContaining({ field: 'lesson', key: 'workspaceFieldType' })]);
  });
});

describe('answers', () => {
  const [reads, clientError, , firstRecv] = builtInQuestions;

  it('are read for their kind: a whole number, a choice, or text', () => {
    expect(readAnswer(reads!, ' 2 ')).toBe(2);
    expect(readAnswer(reads!, 'two')).toBeNull();
    expect(readAnswer(reads!, '-1')).toBeNull();
    expect(readAnswer(clientError!, 'ECONNREFUSED')).toBe('ECONNREFUSED');
    expect(readAnswer(clientError!, 'EPIPE')).toBeNull();
    expect(errorChoices).toContain('none');
    expect(readAnswer(firstRecv!, 'ACK : hello')).toBe('ACK : hello');
  });

  it('match without the line ending a person does not type', () => {
    expect(isCorrect(firstRecv!, 'ACK : hello', 'ACK : hello\r\n')).toBe(true);
    expect(isCorrect(firstRecv!, 'ack : hello', 'ACK : hello')).toBe(false);
    expect(isCorrect(reads!, 1, 1)).toBe(true);
    expect(isCorrect(reads!, 2, 1)).toBe(false);
  });
});
