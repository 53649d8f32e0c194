// Placeholder until the full lesson flow lands (issue 10): today's lesson title from the Today query.
import { Today as TodayQuery } from "../../graphql/documents";
import { useQuery } from "../../lib/hooks";
import { apiLocale, defineMessages, useI18n } from "../../lib/i18n";
import { Page } from "../../components/ui/Page";
import { Loading } from "../../components/ui/Loading";
import { ErrorMessage } from "../../components/ui/ErrorMessage";

const messages = defineMessages({ title: { et: "Tänane tund", en: "Today's lesson" } });

export function Today() {
  const { t, locale } = useI18n();
  const { data, error, loading, refetch } = useQuery(TodayQuery, { l: apiLocale(locale) });
  return (
    <Page title={t(messages.title)}>
      {loading && !data && <Loading />}
      <ErrorMessage error={error} onRetry={() => void refetch()} />
      {data?.today.lesson && <h2>{data.today.lesson.title}</h2>}
    </Page>
  );
}
