import { OptionsApp } from "@/components/OptionsApp";
import { bootPage } from "@/utils/boot-page";
import "@/assets/theme.css";

void bootPage(<OptionsApp />);
