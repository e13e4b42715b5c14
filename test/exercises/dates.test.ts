import { describe, expect, it } from 'vitest';
import { findDates } from '../../src/exercises/dates.js';

const reference = '2024-06-12'; // a Wednesday

/** Every reading of every date found, as YYYY-MM-DD (a year the text does not give shows as ????). */
function read(text: string, ref: string | null = reference): string[][] {
  return findDates(text, { reference: ref ?? undefined }).map((date) =>
    date.readings.map((r) => `${r.year ?? '????'}-${String(r.month).padStart(2, '0')}-${String(r.day).padStart(2, '0')}`),
  );
}

describe('finding dates', () => {
  it('reads ISO, year-first, US and European numeric dates', () => {
    expect(read('2024-06-14')).toEqual([['2024-06-14']]);
    expect(read('2024/6/14')).toEqual([['2024-06-14']]);
    expect(read('6/14/2024')).toEqual([['2024-06-14']]);
    expect(read('14/06/2024')).toEqual([['2024-06-14']]);
    expect(read('14.06.2024')).toEqual([['2024-06-14']]);
    expect(read('Due: 14.6.')).toEqual([['2024-06-14']]);
    expect(read('期限:6/14')).toEqual([['2024-06-14']]);
  });

  it('gives both readings of a numeric date that can be read both ways', () => {
    expect(read('06/07')).toEqual([['2024-06-07', '2024-07-06']]);
    expect(read('6/14')).toEqual([['2024-06-14']]);
  });

  it('reads written English dates, with or without weekday, ordinal and year', () => {
    for (const text of ['14 June', 'June 14th', 'Fri 14 June', '14th of June', 'Friday, June 14, 2024', 'Jun. 14', '14-Jun-2024', 'the fourteenth of June']) {
      expect(read(text), text).toEqual([['2024-06-14']]);
    }
  });

  it('reads Japanese dates, and a weekday beside a date is part of it', () => {
    expect(read('6月14日')).toEqual([['2024-06-14']]);
    expect(read('2024年6月14日')).toEqual([['2024-06-14']]);
    expect(read('6/14(金)')).toEqual([['2024-06-14']]);
    expect(read('６月１４日（金）')).toEqual([['2024-06-14']]);
    expect(read('14日(金)まで')).toEqual([['2024-06-14']]);
  });

  it('reads weekdays and relative words against the reference date', () => {
    expect(read('Friday')).toEqual([['2024-06-14']]);
    expect(read('by Thursday')).toEqual([['2024-06-13']]);
    expect(read('金曜')).toEqual([['2024-06-14']]);
    expect(read('(金)')).toEqual([['2024-06-14']]);
    expect(read('next week Wednesday')).toEqual([['2024-06-19']]);
    expect(read('来週水曜')).toEqual([['2024-06-19']]);
    expect(read('next Friday')).toEqual([['2024-06-14', '2024-06-21']]);
    expect(read('tomorrow')).toEqual([['2024-06-13']]);
    expect(read('by the 20th')).toEqual([['2024-06-20']]);
    expect(read('by the twenty-sixth')).toEqual([['2024-06-26']]);
    // 30 June 2024 is a Sunday: the end of June is read as the 30th or the last working day.
    expect(read('end of June')).toEqual([['2024-06-30', '2024-06-28']]);
    expect(read('6月末')).toEqual([['2024-06-30', '2024-06-28']]);
  });

  it('without a reference date, keeps the dates the text spells out and leaves relative words alone', () => {
    expect(read('Friday 14 June', null)).toEqual([['????-06-14']]);
    expect(read('Friday', null)).toEqual([]);
  });

  it('does not read times, timestamps, ranges of days or quantities as dates', () => {
    expect(read('10:30')).toEqual([]);
    expect(read('[00:12:31] Send the quote')).toEqual([]);
    expect(read('10:00-10:48 JST')).toEqual([]);
    expect(read('300 brochures, booth C-14, Q2, 10日間')).toEqual([]);
    expect(read('2-5 July')).toEqual([['2024-07-05']]);
  });
});
