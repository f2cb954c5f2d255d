import { useCallback } from 'react';
import { create } from 'zustand';
import { dictionaries, format, languages, type Language, type MessageKey } from './dictionaries';

const STORAGE_KEY = 'ioc.language';

function initialLanguage(): Language {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored && (languages as readonly string[]).includes(stored)) return stored as Language;
  } catch {
    // Storage can be unavailable (privacy mode); Vietnamese is the default anyway.
  }
  return 'vi';
}

interface LanguageState {
  language: Language;
  setLanguage(language: Language): void;
}

export const useLanguage = create<LanguageState>((set) => ({
  language: initialLanguage(),
  setLanguage(language) {
    try {
      localStorage.setItem(STORAGE_KEY, language);
    } catch {
      // Not persisting the choice is acceptable; the switch still applies to this window.
    }
    document.documentElement.lang = language;
    set({ language });
  },
}));

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export function translate(language: Language, key: MessageKey, vars?: Record<string, string | number>): string {
  const dict = dictionaries[language] as Record<string, string>;
  return format(dict[key] ?? (dictionaries.vi as Record<string, string>)[key] ?? key, vars);
}

export function useT(): Translate {
  const language = useLanguage((s) => s.language);
  return useCallback<Translate>((key, vars) => translate(language, key, vars), [language]);
}

export { languages, type Language, type MessageKey };
