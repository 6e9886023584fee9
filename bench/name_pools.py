"""Name pools for ``bench/names.py``: given and family names by origin, most common first.

Compiled for this benchmark from general knowledge of common names in each country (such
lists are facts, not anybody's code). Format, one name per entry, entries separated by
``;`` or new lines:

    Latin spelling / other Latin spellings = original script

The first Latin spelling is the most usual one (as in a passport); the others are spellings
other offices use. For the Cyrillic origins the names are written in Cyrillic only and
``bench/names.py`` derives the Latin spellings by the official and the German
transliteration. The order is the rank used for the Zipf-like frequency: the first names
of a list are far more common than the last (see ``bench/names.py``).
"""

from __future__ import annotations

# --- Arabic (Syria, Iraq) -----------------------------------------------------------------

SY_MALE = """
Mohammed / Muhammad / Mohamad / Mohamed = محمد; Ahmad / Ahmed = أحمد; Ali = علي;
Mahmoud / Mahmud = محمود; Omar / Umar = عمر; Khaled / Khalid = خالد; Hassan / Hasan = حسن;
Hussein / Hussain / Husain = حسين; Abdullah / Abdallah = عبدالله;
Youssef / Yusuf / Yousef = يوسف; Ibrahim / Ebrahim = إبراهيم;
Mustafa / Mostafa / Moustafa = مصطفى; Abdulrahman / Abdul Rahman / Abdelrahman = عبدالرحمن;
Khalil / Chalil = خليل; Mohannad / Muhannad = مهند; Yasser / Yasir = ياسر; Samer = سامر;
Samir / Sameer = سمير; Bilal = بلال; Hamza / Hamzah = حمزة; Jamal / Gamal = جمال;
Karim / Kareem = كريم; Rami = رامي; Tarek / Tariq / Tarik = طارق; Walid / Waleed = وليد;
Nasser / Nasir / Naser = ناصر; Fadi = فادي; Majid / Majed = ماجد; Faisal / Feisal = فيصل;
Salim / Saleem = سليم; Saeed / Said / Sayed = سعيد; Adnan = عدنان; Anas = أنس;
Ayman / Aiman = أيمن; Bashar = بشار; Osama / Usama = أسامة; Ziad / Ziyad = زياد;
Imad / Emad = عماد; Wael = وائل; Firas = فراس; Ghassan = غسان; Hani / Hany = هاني;
Hisham / Hesham = هشام; Issa / Isa = عيسى; Jihad = جهاد; Kamal = كمال; Louay / Luay = لؤي;
Maher = ماهر; Marwan = مروان; Mazen = مازن; Nabil / Nabeel = نبيل; Nidal = نضال;
Qasim / Kassem / Qassem = قاسم; Raed = رائد; Riad / Riyad = رياض; Saad = سعد; Salah = صلاح;
Sami = سامي; Shadi = شادي; Suleiman / Sulaiman / Sleiman = سليمان; Talal = طلال; Tamer = تامر;
Wassim / Wasim = وسيم; Yahya / Yahia = يحيى; Zakaria / Zakariya = زكريا;
Abdulkarim / Abdul Karim = عبدالكريم; Abdulaziz / Abdel Aziz = عبدالعزيز;
Abdulkader / Abdulqader / Abdelkader = عبدالقادر; Abdulhamid = عبدالحميد;
Abdulsalam / Abdessalam = عبدالسلام; Ammar = عمار; Amjad = أمجد; Anwar = أنور;
Aref / Arif = عارف; Ayham = أيهم; Bassam = بسام; Diab / Diyab = دياب; Fares / Faris = فارس;
Fawaz = فواز; Fouad / Fuad = فؤاد; Haitham / Haytham = هيثم; Hamid / Hamed = حامد; Hazem = حازم;
Jalal = جلال; Jamil / Jameel = جميل; Jaber / Jabir = جابر; Kinan = كنان; Mahdi / Mehdi = مهدي;
Mansour / Mansur = منصور; Moaz / Muath = معاذ; Mounir / Munir = منير; Murad / Mourad = مراد;
Nader = نادر; Naim = نعيم; Nizar = نزار; Qusay / Kusai = قصي; Radwan / Ridwan = رضوان;
Rashid / Rachid = رشيد; Sabri = صبري; Safwan = صفوان; Sharif / Cherif = شريف; Taha = طه;
Tawfiq / Toufic = توفيق; Wajih = وجيه; Yamen = يامن; Yazan = يزن; Zaher = زاهر;
Zuhair / Zouhair = زهير; Adel / Adil = عادل; Akram = أكرم; Ashraf = أشرف; Hadi = هادي;
Hamoud = حمود; Iyad / Eyad = إياد; Jawad = جواد; Laith / Leith = ليث; Mohsen / Muhsin = محسن;
Munther / Mundhir = منذر; Obaida / Ubaida = عبيدة; Raad = رعد; Saif / Seif = سيف; Shaker = شاكر;
Younes / Yunus = يونس; Abbas = عباس; Haidar / Haider = حيدر; Karrar = كرار;
Murtada / Mortada = مرتضى; Sajjad = سجاد; Hussam / Houssam = حسام; Ihab / Ehab = إيهاب
"""

SY_FEMALE = """
Fatima / Fatma / Fatimah = فاطمة; Aisha / Aischa / Ayesha = عائشة; Mariam / Maryam = مريم;
Zainab / Zeinab = زينب; Nour / Noor / Nur = نور; Layla / Leila / Laila = ليلى;
Amina / Aminah = أمينة; Khadija / Khadidja = خديجة; Hala = هالة; Rana = رنا; Rasha = رشا;
Reem / Rim = ريم; Sara / Sarah = سارة; Salma = سلمى; Huda / Hoda = هدى; Hanan = حنان;
Iman / Eman = إيمان; Asmaa / Asma = أسماء; Yasmin / Yasmine = ياسمين; Dima = ديما; Lina = لينا;
Rania = رانيا; Ruba = ربى; Samira = سميرة; Souad / Suad = سعاد; Wafaa / Wafa = وفاء;
Ghada = غادة; Nadia / Nadja = نادية; Nisreen / Nesrin = نسرين; Rawan = روان; Raghad = رغد;
Shahd = شهد; Hiba / Heba = هبة; Alaa / Ala = آلاء; Doaa / Duaa = دعاء; Israa / Esraa = إسراء;
Aya / Ayah = آية; Bushra = بشرى; Safaa / Safa = صفاء; Lama = لمى; Joud / Jud = جود; Malak = ملك;
Maya = مايا; Nada = ندى; Najwa = نجوى; Naima = نعيمة; Rahaf = رهف; Rima = ريما; Sawsan = سوسن;
Suha = سهى; Tasneem / Tasnim = تسنيم; Wiam / Weam = وئام; Zahraa / Zahra = زهراء; Amal = أمل;
Bayan = بيان; Dalal = دلال; Farah = فرح; Ghufran = غفران; Hayat = حياة; Jana = جنى;
Kawthar / Kauthar = كوثر; Lubna = لبنى; Manal = منال; Maysaa / Maysa = ميساء; Nahla = نهلة;
Noura / Nura = نورة; Rabab = رباب; Sabah = صباح; Samah = سماح; Shaimaa / Shaima = شيماء;
Siham = سهام; Yara = يارا; Zeina / Zaina = زينة; Abeer / Abir = عبير; Afaf = عفاف;
Ahlam = أحلام; Batoul / Batul = بتول; Fadwa = فدوى; Hanadi = هنادي; Inas / Enas = إيناس;
Khawla = خولة; Lamis = لميس; Marwa = مروة; Mays = ميس; Nagham = نغم; Rahma = رحمة;
Ruqaya / Rukaya = رقية; Sanaa / Sana = سناء; Widad = وداد
"""

# Family names written as such; given names of the father serve as family names too
# (``bench/names.py`` adds the most common male names).
SY_FAMILY = """
Al-Ahmad / Alahmad / El-Ahmad = الأحمد; Al-Hassan / Alhasan / El Hassan = الحسن; Al-Ali = العلي;
Al-Mohammad / Almohamad = المحمد; Al-Hussein / Alhussain = الحسين; Al-Khalil = الخليل;
Al-Abdullah / Alabdallah = العبدالله; Haddad / Hadad = حداد; Khalil = خليل;
Mansour / Mansur = منصور; Saleh / Salih = صالح; Othman / Osman / Uthman = عثمان; Abbas = عباس;
Darwish / Darwisch = درويش; Al-Khatib / Alkhatib / El Khatib = الخطيب;
Suleiman / Sulaiman / Sleiman = سليمان; Nasser / Naser = ناصر; Yassin / Yasin = ياسين;
Hamdan = حمدان; Al-Hamoud / Alhamoud = الحمود; Al-Saleh = الصالح; Al-Omar = العمر;
Al-Ibrahim = الإبراهيم; Al-Mustafa = المصطفى; Al-Khaled = الخالد; Al-Hamad = الحمد;
Al-Issa / Alissa = العيسى; Al-Youssef / Alyousef = اليوسف; Al-Jasem / Aljassem = الجاسم;
Al-Zoubi / Al-Zubi = الزعبي; Al-Masri / El-Masry = المصري; Al-Halabi = الحلبي;
Al-Shami / Alshami = الشامي; Al-Homsi = الحمصي; Al-Hourani / Alhorani = الحوراني;
Al-Kurdi / Kurdi = الكردي; Al-Tamimi = التميمي; Al-Jubouri / Al-Jaburi = الجبوري;
Al-Dulaimi / Aldulaimi = الدليمي; Al-Obaidi / Al-Ubaidi = العبيدي; Al-Shammari = الشمري;
Al-Rawi = الراوي; Al-Azzawi = العزاوي; Al-Saadi = السعدي; Al-Janabi = الجنابي;
Al-Bayati = البياتي; Al-Hashimi / Al-Hashemi = الهاشمي; Al-Husseini = الحسيني;
Al-Mousawi / Al-Musawi = الموسوي; Al-Khafaji = الخفاجي; Al-Zaidi = الزيدي;
Al-Taie / Al-Tai = الطائي; Sabbagh / Sabagh = صباغ; Attar / Al-Attar = العطار;
Najjar / Al-Najjar = النجار; Al-Hajj / Hajj = الحاج; Kassab / Qassab = قصاب; Akkad = عقاد;
Kayali / Kayyali = كيالي; Al-Sayed / El-Sayed = السيد; Hijazi / Hegazi = حجازي; Barakat = بركات;
Bakri = بكري; Bitar / Baitar = بيطار; Dabbagh = دباغ; Fakhouri / Fakhoury = فاخوري;
Ghanem = غانم; Habib = حبيب; Halabi = حلبي; Hamwi / Hamawi = حموي; Hassoun / Hasun = حسون;
Idlibi = إدلبي; Jaber = جابر; Jabbour = جبور; Kanaan / Kanan = كنعان; Khoury / Khouri = خوري;
Makhlouf / Makhluf = مخلوف; Mahfouz / Mahfuz = محفوظ; Moussa / Musa = موسى; Nassar = نصار;
Kabbani / Qabbani = قباني; Al-Rifai / Rifai = الرفاعي; Salameh / Salama = سلامة; Sarraj = سراج;
Shaheen / Shahin = شاهين; Sharaf = شرف; Al-Sheikh / El Sheikh = الشيخ;
Al-Tahhan / Tahan = الطحان; Tarabishi = طرابيشي; Al-Zein / Zein = الزين; Al-Aswad = الأسود;
Ashkar / Al-Ashkar = الأشقر; Al-Akhras = الأخرس; Helou / Al-Helou = الحلو;
Hariri / Al-Hariri = الحريري; Al-Rashid / Alrashed = الراشد; Al-Mahmoud = المحمود;
Shehab / Shihab = شهاب; Dakhil = دخيل; Khalaf / Al-Khalaf = الخلف; Al-Hammadi = الحمادي;
Al-Asaad / Asaad = الأسعد; Al-Shaar = الشعار; Abed / Al-Abed = العبد; Nouri / Al-Nouri = النوري;
Al-Farhan = الفرحان; Daher / Al-Daher = الظاهر; Al-Ghazi = الغازي; Badawi / Bedawi = بدوي;
Al-Turk = الترك; Jundi / Al-Jundi = الجندي; Al-Othman = العثمان; Al-Jaafari = الجعفري;
Al-Qadi / Kadi = القاضي; Faraj / Farag = فرج; Sultan = سلطان; Ajami / Al-Ajami = العجمي;
Sawas / Sawwas = سواس; Shalabi / Chalabi = شلبي; Al-Hamwi = الحموي; Zaitoun / Zeitoun = زيتون;
Khayat / Khayyat = خياط; Hallak = حلاق; Al-Mawla / Almoula = المولى; Al-Naimi = النعيمي;
Al-Bakkar = البكار; Qaddour / Kaddour = قدور; Al-Hindi = الهندي; Shakhashiro = شخاشيرو;
Al-Sabouni / Sabuni = الصابوني; Kiwan / Keywan = كيوان
"""

# --- Afghanistan (Dari, Pashto) -----------------------------------------------------------

AF_MALE = """
Mohammad / Muhammad / Mohamad = محمد; Ahmad / Ahmed = احمد; Ali = علی;
Hussain / Hossein / Husain = حسین; Reza / Resa = رضا; Mahdi / Mehdi = مهدی;
Mustafa / Mostafa = مصطفی; Abdullah = عبدالله; Alireza / Ali Reza = علیرضا; Amir = امیر;
Ghulam / Gholam = غلام; Hamid = حمید; Jawad / Javad = جواد; Karim = کریم; Nasir / Naser = ناصر;
Rahim = رحیم; Rahman = رحمان; Sayed / Sayyed / Said = سید; Shafiq / Shafik = شفیق;
Sohrab = سهراب; Zabihullah / Zabiullah = ذبیح‌الله; Zahir / Zaher = ظاهر; Habib = حبیب;
Hamidullah = حمیدالله; Naqibullah / Nakibullah = نقیب‌الله; Rahmatullah = رحمت‌الله;
Samiullah = سمیع‌الله; Hekmatullah / Hikmatullah = حکمت‌الله;
Ehsanullah / Ihsanullah = احسان‌الله; Asadullah = اسدالله; Najibullah = نجیب‌الله;
Noorullah / Nurullah = نورالله; Qudratullah / Kudratullah = قدرت‌الله;
Saifullah / Sayfullah = سیف‌الله; Abdul Wahid / Abdulwahid = عبدالواحد; Abdul Hadi = عبدالهادی;
Abdul Qadir / Abdulkadir = عبدالقادر; Abdul Basir = عبدالبصیر;
Abdul Ghafoor / Abdul Ghafur = عبدالغفور; Abdul Latif = عبداللطیف; Abdul Rahim = عبدالرحیم;
Ajmal = اجمل; Akbar = اکبر; Arash = آرش; Arif / Aref = عارف; Asif / Asef = آصف; Aziz = عزیز;
Basir / Baseer = بصیر; Bashir / Baschir = بشیر; Bilal = بلال; Dawood / Daud / Dawud = داوود;
Elyas / Ilyas = الیاس; Emal / Aimal = ایمل; Farid / Fareed = فرید; Farhad = فرهاد;
Fawad / Fuad = فواد; Haroon / Harun = هارون; Hassan / Hasan = حسن; Hashmat = حشمت;
Homayoun / Humayun = همایون; Idris / Edris = ادریس; Imran / Emran = عمران;
Ismail / Esmail = اسماعیل; Jamshid = جمشید; Javid / Jawid = جاوید; Khalil = خلیل; Latif = لطیف;
Mahmood / Mahmud = محمود; Mansoor / Mansur = منصور; Masoud / Massoud / Masud = مسعود;
Milad = میلاد; Mirwais / Mirways = میرویس; Mohsen / Muhsin = محسن; Mujtaba / Mojtaba = مجتبی;
Murtaza / Mortaza = مرتضی; Nabi = نبی; Navid / Naveed = نوید; Nazir = نذیر;
Obaid / Ubaid = عبید; Omid / Umid = امید; Qais / Kais = قیس; Rafi = رفیع; Rashid = رشید;
Sadiq / Sadeq = صادق; Sajjad / Sajad = سجاد; Salim = سلیم; Shakib = شکیب; Shams = شمس;
Sharif = شریف; Sher / Shir = شیر; Sultan = سلطان; Tariq / Tarek = طارق; Wahid / Vahid = وحید;
Wali / Vali = ولی; Yama = یما; Yasin / Yaseen = یاسین; Yousuf / Yusuf = یوسف; Zaki = ذکی;
Zalmai / Zalmay = زلمی; Zia = ضیا; Nematullah / Nimatullah = نعمت‌الله; Khalid = خالد;
Sami = سامی; Hakim = حکیم; Kabir = کبیر; Ehsan / Ihsan = احسان; Fahim = فهیم; Jalil = جلیل;
Mirza = میرزا; Nawid = نوید; Parwiz / Parviz = پرویز; Qasim / Ghasem = قاسم;
Rohullah / Ruhullah = روح‌الله; Sabir / Saber = صابر; Shahid = شهید; Shoaib / Shuaib = شعیب;
Taher / Tahir = طاهر; Wasim = وسیم
"""

AF_FEMALE = """
Fatima / Fatemeh / Fatema = فاطمه; Zahra / Sahra = زهرا; Maryam / Mariam = مریم;
Masooma / Masuma = معصومه; Marzia / Marziyeh = مرضیه; Sakina / Sakineh = سکینه;
Zainab / Zeinab = زینب; Roya = رویا; Parwana / Parvana = پروانه; Nargis / Narges = نرگس;
Shabnam = شبنم; Shakila = شکیلا; Freshta / Fereshteh = فرشته; Farzana = فرزانه; Fariba = فریبا;
Gulnaz / Golnaz = گلناز; Gulalai / Gulalay = گلالی; Hamida = حمیده; Hasina = حسینه;
Homa / Huma = هما; Khadija = خدیجه; Laila / Leila = لیلا; Mahbooba / Mahbuba = محبوبه;
Malalai / Malalay = ملالی; Mina = مینا; Mursal = مرسل; Nadia = نادیه; Nasrin / Nasreen = نسرین;
Nazanin = نازنین; Nilofar / Nilufar = نیلوفر; Nooria / Nuria = نوریه; Parisa = پریسا;
Rahima = رحیمه; Razia / Raziyeh = راضیه; Rukhsar = رخسار; Sadaf = صدف; Samira = سمیرا;
Sana = ثنا; Shirin = شیرین; Soraya / Suraya = ثریا; Tahmina / Tahmineh = تهمینه;
Tamana / Tamanna = تمنا; Wahida / Vahida = وحیده; Yalda = یلدا; Zarghona / Zarghuna = زرغونه;
Zohra / Zuhra = زهره; Zakia / Zakiya = زکیه; Halima = حلیمه; Habiba = حبیبه; Hawa = حوا;
Karima = کریمه; Latifa = لطیفه; Mahtab = مهتاب; Mahnaz = مهناز; Marwa = مروه;
Muzhgan / Mozhgan = مژگان; Nazifa = نظیفه; Negin = نگین; Parwin / Parvin = پروین;
Qudsia / Kudsia = قدسیه; Rabia = رابعه; Sahar = سحر; Saima = صائمه; Setara / Sitara = ستاره;
Shukria / Shukriya = شکریه; Somaya / Sumaya = سمیه; Storai / Storay = ستوری; Susan = سوسن;
Tayeba / Taiba = طیبه; Wazhma / Wajma = وژمه; Zarmina = زرمینه; Zarifa = ظریفه;
Arezo / Arezu = آرزو; Kulsum / Gulsoom = کلثوم; Hadia = هدیه; Husna = حسنا; Jamila = جمیله;
Lida = لیدا; Madina = مدینه; Mahjabin = مه‌جبین; Malika = ملیکه; Mehria = مهریه; Nahid = ناهید;
Palwasha = پلوشه; Sabira = صابره; Saliha = صالحه; Samia = سامیه; Shaista = شایسته;
Shazia = شازیه
"""

AF_FAMILY = """
Ahmadi / Ahmady = احمدی; Hosseini / Husseini / Hussaini = حسینی; Rahimi = رحیمی;
Mohammadi / Muhammadi = محمدی; Karimi = کریمی; Rezaei / Rezai / Rezaie = رضایی;
Haidari / Heydari / Haideri = حیدری; Jafari / Jafary = جعفری; Sultani = سلطانی; Nazari = نظری;
Amiri = امیری; Azizi = عزیزی; Hakimi = حکیمی; Habibi = حبیبی; Rahmani = رحمانی;
Sadat / Sadaat = سادات; Stanikzai / Stanekzai = ستانکزی; Popalzai = پوپلزی; Ahmadzai = احمدزی;
Barakzai = بارکزی; Durrani / Durani = درانی; Yousufzai / Yusufzai = یوسفزی;
Noorzai / Nurzai = نورزی; Alokozay / Alokozai = الکوزی; Mohmand = مهمند; Safi = صافی;
Wardak / Vardak = وردک; Kakar = کاکړ; Achakzai = اچکزی; Sharifi = شریفی;
Qaderi / Qadiri / Kaderi = قادری; Naseri / Nasiri = ناصری; Samadi = صمدی;
Sediqi / Siddiqi / Sidiqi = صدیقی; Faizi / Faizy = فیضی; Ghafoori / Ghafuri = غفوری;
Hamidi = حمیدی; Hashimi / Hashemi = هاشمی; Jalali = جلالی; Kamali = کمالی; Latifi = لطیفی;
Mansoori / Mansuri = منصوری; Mirzaei / Mirzai = میرزایی; Mousavi / Musawi / Mosawi = موسوی;
Nabizada / Nabizadeh = نبی‌زاده; Nawabi = نوابی; Noori / Nuri = نوری;
Qasemi / Qasimi / Kasimi = قاسمی; Rasuli / Rasooli = رسولی; Rostami / Rustami = رستمی;
Saberi / Sabiri = صابری; Safari = صفری; Salehi = صالحی; Samimi = صمیمی; Shahidi = شهیدی;
Sharifzada / Sharifzadeh = شریف‌زاده; Taheri = طاهری; Wahidi / Vahidi = وحیدی;
Yaqubi / Yaqoobi / Jakubi = یعقوبی; Zamani = زمانی; Ebrahimi / Ibrahimi = ابراهیمی;
Akbari = اکبری; Alizada / Alizadeh = علیزاده; Anwari = انوری; Aryan / Arian = آرین;
Atai / Atayee = عطایی; Bahrami = بهرامی; Bashiri = بشیری; Dawari = داوری;
Ehsani / Ihsani = احسانی; Fazli = فضلی; Ghani = غنی; Hamdard = همدرد; Hotak = هوتک;
Jamali = جمالی; Khaliqi = خالقی; Khalili = خلیلی; Khan = خان; Mahmoodi / Mahmudi = محمودی;
Majidi = مجیدی; Malikzada = ملک‌زاده; Mangal = منگل; Mohseni = محسنی; Moradi / Muradi = مرادی;
Naimi = نعیمی; Niazi = نیازی; Omari / Umari = عمری; Panjshiri = پنجشیری;
Ghorbani / Qurbani = قربانی; Rahmati = رحمتی; Rasekh = راسخ; Sahak = ساهک; Sakhi = سخی;
Sarwari / Sarvari = سروری; Shinwari = شینواری; Sultanzada = سلطان‌زاده; Tajik = تاجیک;
Waziri = وزیری; Yari = یاری; Zazai = زازی; Zarifi = ظریفی; Askari = عسکری; Danish = دانش;
Farahmand = فرهمند; Mujahid = مجاهد; Nadiri = نادری; Paiman / Payman = پیمان; Sabir = صابر;
Taraki = ترکی; Zaland = زلاند; Ahmadyar = احمدیار; Baheer = بهیر; Ghafari = غفاری;
Hamdani = همدانی; Jahid = جاهد; Kohistani = کوهستانی; Mirzad = میرزاد; Nazimi = ناظمی;
Qaderdan = قدردان; Rahimzai = رحیم‌زی; Sadiqi = صادقی; Tokhi = توخی; Zadran = زدران;
Andar = اندړ; Baktash = بکتاش; Hazara = هزاره; Jaghori = جاغوری
"""

# --- Turkey -------------------------------------------------------------------------------

TR_MALE = """
Mehmet; Mustafa; Ahmet; Ali; Hüseyin; Hasan; İbrahim; İsmail; Osman; Yusuf; Murat; Ömer;
Ramazan; Halil; Süleyman; Abdullah; Mahmut; Salih; Kemal; Recep; Yakup; Adem; Fatih; Emre;
Burak; Serkan; Kadir; Hakan; Metin; Orhan; Cem; Cengiz; Erkan; Ercan; Erdal; Erol; Fikret;
Gökhan; Hamza; Kerem; Levent; Mert; Muhammed; Nihat; Oğuz; Onur; Özgür; Selim; Serdar; Sinan;
Tarık; Tuncay; Turgut; Uğur; Ümit; Volkan; Yasin; Yavuz; Zafer; Ziya; Bayram; Bülent; Cihan;
Deniz; Doğan; Emin; Enes; Engin; Eren; Ferhat; Furkan; Gürkan; Halit; İlhan; İlker; Kaan; Koray;
Mesut; Musa; Necati; Nuri; Okan; Oktay; Sadık; Sait; Sami; Savaş; Sedat; Şükrü; Şener; Taner;
Tayfun; Tolga; Yıldırım; Yunus; Yücel; Zeki; Arda; Berk; Batuhan; Çağlar; Çetin; Erhan; Hilmi;
İsa; Kenan; Mücahit; Nevzat; Nurettin; Rıza; Şahin; Şeref; Tahir; Tamer; Vedat; Veli; Alper;
Aydın; Barış; Baki; Bekir; Bilal; Caner; Cemal; Cevdet; Coşkun; Davut; Dursun; Ekrem; Ergün;
Fahri; Faruk; Ferit; Göksel; Hayri
"""

TR_FEMALE = """
Ayşe; Fatma; Emine; Hatice; Zeynep; Elif; Meryem; Şerife; Zehra; Sultan; Hacer; Hülya; Merve;
Esra; Büşra; Kübra; Özlem; Yasemin; Derya; Ebru; Gül; Gülsüm; Hanife; Havva; Leyla; Melek;
Nuran; Nurten; Sevgi; Songül; Tuğba; Ümran; Yıldız; Zeliha; Aysel; Ayten; Arzu; Aylin; Asiye;
Belgin; Berna; Burcu; Canan; Cemile; Didem; Dilek; Duygu; Dilara; Ecem; Emel; Esma; Esin;
Feride; Filiz; Gamze; Gizem; Gönül; Gülay; Gülşen; Hande; Hilal; İlknur; İpek; Kader; Meltem;
Melike; Müge; Neslihan; Nermin; Nesrin; Nihal; Nilgün; Pınar; Rabia; Saadet; Selin; Selma;
Semra; Serap; Sevim; Sibel; Şeyma; Tülay; Türkan; Yeliz; Zübeyde; Çağla; Ceren; Ela; Nazlı;
Öykü; Sude; Şule; Ayla; Bahar; Beyza; Cansu; Dudu; Elçin; Fadime; Fatoş; Gülcan; Gülizar;
Hayriye; Kezban; Lale; Makbule; Nazife; Necla; Perihan
"""

TR_FAMILY = """
Yılmaz; Kaya; Demir; Şahin; Çelik; Yıldız; Yıldırım; Öztürk; Aydın; Özdemir; Arslan; Doğan;
Kılıç; Aslan; Çetin; Kara; Koç; Kurt; Özkan; Şimşek; Polat; Özcan; Korkmaz; Çakır; Erdoğan;
Yavuz; Can; Acar; Şen; Aktaş; Güler; Yalçın; Güneş; Bozkurt; Bulut; Keskin; Ünal; Turan; Gül;
Özer; Işık; Kaplan; Avcı; Sarı; Tekin; Taş; Köse; Yüksel; Ateş; Aksoy; Ekinci; Karakaya; Tunç;
Uçar; Akın; Altun; Aydoğan; Bayram; Başaran; Coşkun; Çiftçi; Demirci; Duman; Eren; Erdem; Erol;
Güven; Gündüz; Karaca; Karataş; Kaçar; Kalkan; Karakuş; Kartal; Kaymaz; Keleş; Kılınç; Korkut;
Kuru; Oral; Orhan; Özbek; Özgür; Özkaya; Sağlam; Savaş; Sevim; Soylu; Sönmez; Tan; Tanrıverdi;
Taşkın; Temel; Toprak; Tosun; Turgut; Uysal; Uzun; Ünlü; Yaman; Yazıcı; Yurt; Yücel; Zengin;
Akbulut; Akgül; Akkaya; Aktürk; Alkan; Altıntaş; Arıkan; Baysal; Bilgin; Bilgiç; Bingöl; Çınar;
Dağ; Demirel; Dinç; Durmaz; Ergün; Ersoy; Gökçe; Gümüş; Gürbüz; Güngör; İnce; Kahraman;
Kandemir; Kavak; Kaynak; Kesici; Kırmızı; Koçak; Mutlu; Önal; Öner; Özen; Pamuk; Sezer; Şener;
Tuna; Türkmen; Ulusoy; Yiğit; Yüce; Ağaoğlu; Karaoğlu; Kayaoğlu; Hacıoğlu; Osmanoğlu; Topaloğlu;
Uzunoğlu; Mollaoğlu; Ekmekçi; Kahveci; Demirtaş; Gündoğdu; Karadağ; Akyol; Aslantaş; Balcı;
Bayrak; Bektaş; Boz; Cengiz; Çoban; Demirhan; Doğru; Duran; Elmas; Erbaş; Eroğlu; Gök; Gökmen;
Gürel; Gürsoy; Kalaycı; Karabulut; Karagöz
"""

# --- Kurdish (Kurmanji; Syria, Iraq, Turkey) ----------------------------------------------

KU_MALE = """
Azad; Berzan; Dilşad / Dilshad; Rêber / Reber; Şêrko / Sherko; Kawa / Kava; Baran; Hozan;
Rojhat; Serdar; Zana; Welat / Walat; Ciwan / Jiwan; Dilovan; Hogir; Aram; Alan; Aras;
Bawer / Bawar; Dara; Diyar; Rizgar; Şivan / Shivan; Xebat / Khabat; Hêmin / Hemin; Karwan;
Soran; Şwan / Shwan; Neçirvan / Nechirvan; Mihemed / Mohammed; Ehmed / Ahmed; Elî / Ali;
Xelîl / Khalil; Silêman / Sleiman; Îbrahîm / Ibrahim; Mûrad / Murad; Qasim / Kasim;
Hesen / Hassan; Huseyn / Hussein; Mehmûd / Mahmud; Evdilrehman / Abdulrahman; Xalid / Khalid;
Yusif / Yousef; Mistefa / Mustafa; Osman; Rezan; Renas; Rêwan / Rewan; Roj; Rodî / Rodi; Serhad;
Sîpan / Sipan; Tîrêj / Tirej; Zinar; Zirar; Agir; Arjen; Azadî / Azadi; Baver; Berxwedan;
Bilind; Bêrivan; Çiya / Chiya; Dilgeş / Dilgash; Firat; Goran; Hejar; Herdem; Kendal; Lawin;
Mazlum; Nûrî / Nuri; Perwer / Parwar; Rênas; Rûstem / Rustam; Sabah; Salar; Saman;
Sidqî / Sidqi; Şoreş / Shorish; Tarik; Zeki; Heso; Xidir / Khidir; Sîdo / Sido; Mirza;
Hemo / Hamo; Elyas / Ilyas; Xerîb / Gharib; Qadir / Kadir; Nawzad; Rebwar; Peşrew / Peshraw
"""

KU_FEMALE = """
Jiyan; Berfîn / Berfin; Rojda; Nesrîn / Nasrin; Zozan; Dilan; Evîn / Evin; Hêvî / Hevi;
Rojîn / Rojin; Bêrîvan / Berivan; Gulistan; Hêlîn / Helin; Narîn / Narin; Sozdar; Rûken / Ruken;
Delal; Şîlan / Shilan; Newroz / Nawroz; Avesta; Roza; Zelal; Xezal / Ghazal; Ronahî / Ronahi;
Viyan; Dilşa / Dilsha; Nûjîn / Nujin; Perwîn / Parwin; Leyla / Leila; Zeyneb / Zeinab;
Fatma / Fatima; Hawa / Hewa; Gulê / Gule; Şîrîn / Shirin; Emîne / Amina; Xecê / Khadija;
Nazê / Naze; Besna; Mizgîn / Mizgin; Zîlan / Zilan; Bêrîtan / Beritan; Arîn / Arin;
Rengîn / Rengin; Sorgul; Şirîn; Dîlbirîn / Dilbirin; Gulbahar; Hêja / Heja; Kejal; Lana;
Mehabad; Nalîn / Nalin; Payîz / Payiz; Rojbîn / Rojbin; Sara; Sêvê / Seve; Tavgê / Tavge;
Xwîşk / Khwishk; Zerî / Zeri; Jînda / Jinda; Asmîn / Asmin; Binevş / Binevsh; Dilnaz; Gulnaz;
Hana; Kurdistan; Medya / Media; Nêrgiz / Nergiz; Perî / Peri; Rûbar / Rubar; Siham;
Stêrk / Sterk; Şêrîn / Sherin; Wîan / Wian; Xanê / Khane
"""

KU_FAMILY = """
Kurdî / Kurdi; Barzanî / Barzani; Talabanî / Talabani; Zêbarî / Zebari; Doskî / Doski;
Berwarî / Berwari; Amêdî / Amedi; Mizorî / Mizori; Hewramî / Hawrami; Caf / Jaf;
Şingalî / Shingali; Reşîd / Rashid; Xelef / Khalaf; Heso / Hasso; Mûrad / Murad; Qasim / Kasim;
Elyas / Ilyas; Hesen / Hassan; Silo; Xidir / Khidir; Sîdo / Sido; Mirza; Hemo / Hamo; Îbo / Ibo;
Osso / Oso; Bekir / Bakr; Hecî / Hajji; Omer / Omar; Evdal / Abdal; Mehmo / Mahmo;
Ehmed / Ahmed; Cindî / Jindi; Dêrikî / Deriki; Amûdî / Amudi; Kobanî / Kobani; Efrînî / Afrini;
Mêrdînî / Mardini; Botanî / Botani; Xanî / Khani; Bilbas; Brifkanî / Brifkani; Duhokî / Duhoki;
Erbîlî / Erbili; Hesekî / Hasaki; Qamişlokî / Qamishloki; Reşo / Rasho; Şêx / Sheikh;
Temo / Tammo; Xelîl / Khalil; Zaxoyî / Zakhoyi; Ezîz / Aziz; Sleman / Sulaiman; Nebî / Nabi;
Hacî / Haji; Kalo; Mistê / Misto; Tello / Tellu; Şamo / Shamo; Bero / Berro; Elo / Allo;
Hemê / Hame; Ûsiv / Usiv; Fero / Ferro; Şero / Shero; Kiro / Kirro; Cemîl / Jamil; Rezo / Razo;
Selîm / Salim; Ebdo / Abdo; Misto; Nasir / Naser; Xelo / Khalo; Beko / Bekko; Dakhil / Daxil;
Hassoun; Ibrahim; Mohamad; Hussein; Mustafa; Ali; Aydın; Yıldız; Demir; Kaya; Arslan; Doğan;
Çelik; Güneş; Ekinci; Polat; Kılıç; Bingöl; Tunç; Akgül; Baran; Ateş; Akbaş; Aslan; Yavuz; Sarı;
Koç; Kurt; Oğuz; Temel
"""

# --- Romania ------------------------------------------------------------------------------

RO_MALE = """
Ion; Gheorghe; Constantin; Vasile; Ioan; Nicolae; Mihai; Andrei; Alexandru; Ștefan; Florin;
Marian; Adrian; Daniel; Cristian; Dumitru; Petru; Marius; Ionuț; Gabriel; Bogdan; Cătălin;
Ciprian; Claudiu; Costel; Cosmin; Dan; Dorin; Doru; Dragoș; Emil; Eugen; Florian; George;
Grigore; Iulian; Laurențiu; Liviu; Lucian; Mircea; Nelu; Ovidiu; Paul; Radu; Răzvan; Remus;
Robert; Romeo; Sabin; Sebastian; Sergiu; Silviu; Sorin; Teodor; Tudor; Valentin; Valeriu;
Victor; Viorel; Virgil; Vlad; Aurel; Aurelian; Costică; Iosif; Marin; Nicu; Octavian; Ilie;
Gelu; Traian; Darius; Denis; Eduard; Fănel; Horia; Iacob; Matei; Rareș; Sandu; Stelian; Toma;
Vasilică; Cornel; Cezar; Ionel; Mugurel; Petrică; Relu; Adi; Alin; Anton; Bănel; Beniamin;
Cornelius; Dănuț; Dorel; Emanuel; Fabian; Florentin
"""

RO_FEMALE = """
Maria; Elena; Ioana; Ana; Mihaela; Andreea; Cristina; Gabriela; Daniela; Alexandra; Florentina;
Georgiana; Nicoleta; Mariana; Alina; Simona; Ionela; Adriana; Elisabeta; Camelia; Diana; Roxana;
Raluca; Ramona; Monica; Laura; Irina; Oana; Anca; Corina; Carmen; Claudia; Cătălina; Denisa;
Doina; Florica; Gheorghița; Iuliana; Larisa; Lavinia; Lenuța; Liliana; Loredana; Luminița;
Magdalena; Marcela; Margareta; Marinela; Mirela; Natalia; Otilia; Paula; Petronela; Rodica;
Silvia; Sorina; Ștefania; Tatiana; Valentina; Vasilica; Veronica; Victoria; Violeta; Viorica;
Aurelia; Bianca; Delia; Emilia; Felicia; Ileana; Lucia; Paraschiva; Rebeca; Sabina; Teodora;
Zamfira; Angela; Anișoara; Ecaterina; Floarea; Steliana; Eugenia; Adela; Alexandrina; Aurora;
Cornelia; Dana; Elvira; Gina; Ioana-Maria; Lăcrămioara; Mădălina; Nicoleta-Elena; Patricia;
Sânziana; Voichița
"""

RO_FAMILY = """
Popa; Popescu; Pop; Radu; Dumitru; Stan; Stoica; Gheorghe; Matei; Ciobanu; Ionescu; Rusu;
Constantin; Mihai; Munteanu; Marin; Moldovan; Florea; Lazăr; Stanciu; Ion; Dinu; Tudor; Ilie;
Șerban; Oprea; Sandu; Dumitrescu; Barbu; Cristea; Toma; Vasile; Ene; Nistor; Lungu; Nedelcu;
Zamfir; Badea; Anghel; Petrescu; Pavel; Neagu; Mocanu; Manea; Voicu; Popovici; Dragomir;
Georgescu; Diaconu; Grigore; Nicolae; Coman; Bălan; Cazacu; Ursu; Roman; Dobre; Preda; Enache;
Mihalache; Mihăilă; Pană; Apostol; Avram; Bogdan; Bucur; Chiriac; Cojocaru; Costache; Croitoru;
Dobrescu; Drăgan; Filip; Fieraru; Gavrilă; Goia; Grigoraș; Iancu; Ignat; Iordache; Ispas; Lupu;
Lupașcu; Manole; Mărgărit; Micu; Mitrea; Moraru; Năstase; Negru; Niculescu; Olteanu; Pârvu;
Păun; Petcu; Răducanu; Rădulescu; Sârbu; Sima; Simion; Soare; Stănescu; Stoian; Suciu; Surdu;
Tănase; Teodorescu; Toader; Tomescu; Trandafir; Turcu; Țurcanu; Vlad; Vlase; Voinea; Zaharia;
Dumitrașcu; Ardeleanu; Bratu; Cârstea; Ciocan; Constantinescu; Crăciun; Dascălu; Dima; Dobrin;
Ghiță; Iliescu; Marinescu; Mihăilescu; Mușat; Nechita; Răileanu; Sava; Tudose; Udrea; Ungureanu;
Vasilescu; Vîlcu; Bălănescu; Boboc; Căldăraru; Cioacă; Covaci; Dobroiu; Gălățeanu; Ioniță;
Lăcătuș; Mândru; Neacșu; Oancea; Pătrașcu; Radulian; Rotaru; Spătaru; Stoicescu; Ștefănescu;
Tănăsoiu
"""

# --- Bulgaria, Ukraine, Russia (Cyrillic; Latin spellings derived in bench/names.py) -------

BG_MALE = """
Георги; Иван; Димитър; Николай; Петър; Христо; Стоян; Тодор; Васил; Йордан; Стефан; Атанас;
Александър; Красимир; Пламен; Здравко; Любомир; Валентин; Ангел; Борис; Веселин; Владимир;
Галин; Делян; Добромир; Емил; Живко; Захари; Илия; Калоян; Кирил; Костадин; Любен; Марин;
Мартин; Методи; Милен; Митко; Младен; Недялко; Никола; Огнян; Павел; Пенчо; Радослав; Румен;
Светослав; Симеон; Слави; Станимир; Станислав; Стилиян; Филип; Цветан; Чавдар; Янко; Асен;
Бойко; Венцислав; Виктор; Генади; Даниел; Евгени; Ивайло; Йосиф; Камен; Кристиян; Лъчезар;
Мирослав; Нено; Росен; Самуил; Севдалин; Сашо; Тихомир; Трифон; Хасан; Мехмед; Ахмед; Юсуф;
Осман; Реджеп; Салих; Мустафа; Исмаил; Али; Ибрахим; Шабан; Рамадан; Сюлейман; Халил; Енчо;
Жеко; Кольо; Минчо; Стойчо; Тончо
"""

BG_FEMALE = """
Мария; Иванка; Елена; Йорданка; Пенка; Марийка; Росица; Даниела; Радка; Цветанка; Снежана;
Стефка; Виолета; Галина; Анна; Надежда; Петя; Десислава; Николина; Теодора; Гергана; Веселина;
Милена; Катя; Красимира; Славка; Станка; Тодорка; Василка; Величка; Здравка; Живка; Валентина;
Ваня; Вяра; Габриела; Деница; Диана; Зорница; Ивелина; Кремена; Лиляна; Магдалена; Маргарита;
Мариана; Мирослава; Нели; Ралица; Светла; Силвия; Соня; Таня; Христина; Цветелина; Юлия; Яна;
Айше; Фатме; Емине; Хатидже; Зейнеп; Сабие; Мелек; Севда; Гюлсюм; Невена; Борислава; Анелия;
Бисера; Гинка; Донка; Евгения; Златка; Камелия; Лилия; Мими; Нина; Павлина; Райна; Румяна;
Събина; Теменужка
"""

# Masculine forms; bench/names.py forms the feminine (Иванов / Иванова).
BG_FAMILY = """
Георгиев; Иванов; Димитров; Николов; Петров; Христов; Стоянов; Тодоров; Василев; Йорданов;
Стефанов; Атанасов; Александров; Ангелов; Борисов; Илиев; Кирилов; Костадинов; Маринов; Павлов;
Симеонов; Филипов; Цветанов; Янков; Асенов; Йосифов; Трифонов; Колев; Томов; Славов; Митев;
Минчев; Ненов; Радев; Русев; Стойчев; Станев; Киров; Костов; Генов; Денев; Донев; Ганчев;
Петков; Пенев; Кръстев; Лазаров; Младенов; Найденов; Марков; Михайлов; Начев; Попов; Райчев;
Сотиров; Стаматов; Танев; Хаджиев; Цонев; Янев; Йовчев; Грозев; Жеков; Желев; Златев; Калчев;
Кънчев; Ламбов; Мишев; Николаев; Пашов; Сербезов; Събев; Тонев; Узунов; Чолаков; Шопов; Бонев;
Вълчев; Гочев; Добрев; Драганов; Дочев; Ефтимов; Захариев; Игнатов; Каменов; Коларов; Кузманов;
Манолов; Мирчев; Неделчев; Панайотов; Пейчев; Рачев; Тасев; Трайков; Христозов; Чакъров; Яков;
Ахмедов; Хасанов; Мехмедов; Юсуфов; Османов; Реджепов; Салиев; Мустафов; Исмаилов; Алиев;
Ибрахимов; Халилов; Шабанов; Рамаданов; Емурлов; Асанов; Адемов; Юсеинов; Меджидов; Сюлейманов;
Бакалов; Велчев; Гърков; Делчев; Енчев; Ковачев; Любенов; Маринчев; Нешев; Паунов; Радков;
Стоев
"""

UA_MALE = """
Олександр; Андрій; Сергій; Дмитро; Володимир; Іван; Микола; Олег; Юрій; Віктор; Василь; Михайло;
Петро; Максим; Артем; Богдан; Віталій; Ігор; Павло; Роман; Тарас; Ярослав; Євген; Анатолій;
Валерій; Вадим; Денис; Костянтин; Олексій; Руслан; Степан; Станіслав; Григорій; Данило; Назар;
Остап; Орест; Святослав; Федір; Антон; Борис; Валентин; Геннадій; Ілля; Кирило; Леонід; Любомир;
Мирослав; Олесь; Тимофій; Тимур; Едуард; Єгор; Захар; Матвій; Марко; Арсеній; Владислав;
Всеволод; Вячеслав; Гліб; Зіновій; Йосип; Лев; Нестор; Семен; Тихон; Яків; Аркадій; Вікентій;
Влас; Гнат; Іларіон; Кузьма; Лука; Мар'ян; Нікіта; Панас; Ростислав; Савелій; Трохим; Устим
"""

UA_FEMALE = """
Олена; Наталія; Тетяна; Ольга; Ірина; Юлія; Світлана; Оксана; Марія; Анна; Катерина; Людмила;
Галина; Вікторія; Надія; Валентина; Лариса; Ганна; Тамара; Любов; Алла; Інна; Анастасія; Дарина;
Софія; Христина; Яна; Вероніка; Аліна; Діана; Зоряна; Іванна; Лілія; Мар'яна; Мирослава; Ніна;
Олександра; Поліна; Раїса; Соломія; Уляна; Єлизавета; Євгенія; Жанна; Зінаїда; Кіра; Лідія;
Маргарита; Марина; Роксолана; Руслана; Стефанія; Таїсія; Валерія; Віра; Злата; Ангеліна;
Богдана; Василина; Ксенія; Леся; Мілана; Олеся; Ярослава; Антоніна; Віолетта; Дана; Ева; Зоя;
Ізабелла; Каріна; Лада; Мирослава; Нонна; Орися; Параска; Регіна; Сніжана; Терезія; Фросина;
Ядвіга
"""

# Masculine forms where the name has a gender (-ський / -ська, -ий / -а, -ов / -ова).
UA_FAMILY = """
Шевченко; Коваленко; Бондаренко; Ткаченко; Кравченко; Ковальчук; Коваль; Олійник; Шевчук;
Поліщук; Бойко; Ткачук; Кравчук; Мельник; Марченко; Савченко; Руденко; Мороз; Лисенко; Петренко;
Клименко; Павленко; Кузьменко; Кравець; Гончаренко; Левченко; Харченко; Карпенко; Гаврилюк;
Мельничук; Захарченко; Сидоренко; Романенко; Приходько; Ярошенко; Іваненко; Тимошенко;
Нестеренко; Литвиненко; Остапенко; Панченко; Пономаренко; Юрченко; Гордієнко; Головко; Демченко;
Дорошенко; Ковтун; Костенко; Кучер; Лук'яненко; Максименко; Мазур; Мартинюк; Мирошниченко;
Назаренко; Онищенко; Осадчий; Пилипенко; Прокопенко; Рибак; Савчук; Сердюк; Симоненко; Слободян;
Степаненко; Тарасенко; Федоренко; Фещенко; Хоменко; Черненко; Чорний; Яковенко; Яценко; Бабенко;
Бондар; Вакуленко; Василенко; Власенко; Гнатюк; Грищенко; Гуменюк; Данилюк; Дмитренко; Зінченко;
Іщенко; Кириленко; Кобзар; Коломієць; Король; Кухар; Лозовий; Луценко; Мельниченко; Москаленко;
Петрук; Присяжнюк; Пушкар; Радченко; Семенюк; Сидорчук; Ситник; Собко; Стельмах; Тищенко;
Филипчук; Чорновол; Шаповал; Швець; Юрчук; Яремчук; Костюк; Климчук; Олексюк; Андрусяк; Гуцул;
Стецюк; Ковальський; Вишневський; Яворський; Левицький; Грушевський; Кравчинський; Білий; Сірий;
Зеленський; Литвин; Гриценко; Білик; Дяченко; Кушнір; Ляшенко; Ничипорук; Пасічник; Середа
"""

RU_MALE = """
Александр; Сергей; Дмитрий; Андрей; Алексей; Максим; Евгений; Иван; Михаил; Николай; Владимир;
Артём; Павел; Роман; Игорь; Олег; Виктор; Юрий; Денис; Антон; Константин; Вадим; Илья; Кирилл;
Никита; Егор; Григорий; Борис; Леонид; Валерий; Анатолий; Виталий; Геннадий; Степан; Фёдор;
Тимофей; Матвей; Владислав; Вячеслав; Станислав; Руслан; Эдуард; Ярослав; Глеб; Лев; Семён;
Василий; Пётр; Яков; Аркадий; Богдан; Валентин; Георгий; Даниил; Захар; Марк; Тимур; Филипп;
Герман; Вениамин; Всеволод; Ростислав; Святослав; Альберт; Артур; Давид; Рудольф; Эрик;
Вольдемар; Арсений; Афанасий; Владлен; Евдоким; Емельян; Ефим; Игнат; Кузьма; Макар; Назар;
Савва; Тихон
"""

RU_FEMALE = """
Елена; Ольга; Наталья; Татьяна; Ирина; Светлана; Анна; Мария; Екатерина; Юлия; Анастасия;
Марина; Людмила; Галина; Надежда; Валентина; Оксана; Любовь; Виктория; Дарья; Ксения; Алина;
Полина; Софья; Вера; Нина; Лариса; Тамара; Алла; Инна; Евгения; Кристина; Алёна; Валерия;
Вероника; Диана; Елизавета; Жанна; Зинаида; Кира; Лидия; Маргарита; Милана; Олеся; Раиса;
Регина; Яна; Ангелина; Антонина; Варвара; Василиса; Зоя; Ульяна; Эльвира; Эмилия; Лилия; Майя;
Нелли; Римма; Снежана; Таисия; Фаина; Элла; Агата; Вероника; Дина; Есения; Злата; Ирма; Клавдия;
Любава
"""

RU_FAMILY = """
Иванов; Смирнов; Кузнецов; Попов; Васильев; Петров; Соколов; Михайлов; Новиков; Фёдоров;
Морозов; Волков; Алексеев; Лебедев; Семёнов; Егоров; Павлов; Козлов; Степанов; Николаев; Орлов;
Андреев; Макаров; Никитин; Захаров; Зайцев; Соловьёв; Борисов; Яковлев; Григорьев; Романов;
Воробьёв; Сергеев; Кузьмин; Фролов; Александров; Дмитриев; Королёв; Гусев; Киселёв; Ильин;
Максимов; Поляков; Сорокин; Виноградов; Ковалёв; Белов; Медведев; Антонов; Тарасов; Жуков;
Баранов; Филиппов; Комаров; Давыдов; Беляев; Герасимов; Богданов; Осипов; Сидоров; Матвеев;
Титов; Марков; Миронов; Крылов; Куликов; Карпов; Власов; Мельников; Денисов; Гаврилов; Тихонов;
Казаков; Афанасьев; Данилов; Савельев; Тимофеев; Фомин; Чернов; Абрамов; Мартынов; Ефимов;
Федотов; Щербаков; Назаров; Калинин; Исаев; Чернышёв; Быков; Маслов; Родионов; Коновалов;
Лазарев; Воронин; Климов; Филатов; Пономарёв; Голубев; Кудрявцев; Прохоров; Наумов; Потапов;
Журавлёв; Овчинников; Трофимов; Леонов; Соболев; Ермаков; Колесников; Гончаров; Емельянов;
Никифоров; Грачёв; Котов; Гришин; Ефремов; Архипов; Громов; Кириллов; Малышев; Панов; Моисеев;
Румянцев; Акимов; Кондратьев; Бирюков; Горбунов; Анисимов; Ерёмин; Тихомиров; Галкин; Лукьянов;
Михеев; Скворцов; Юдин; Белоусов; Нестеров; Симонов; Прокофьев; Харитонов; Князев; Цветков;
Левин; Митрофанов; Воронов; Аксёнов; Мальцев; Логинов; Горшков; Савин; Краснов; Майоров;
Демидов; Елисеев; Рыбаков
"""

# --- West Africa (Guinea, Nigeria, Gambia, Ghana, Senegal, Sierra Leone, Côte d'Ivoire) ---

WA_MALE = """
Mamadou / Mamadu / Mohamadou; Ibrahima / Ibrahim; Abdoulaye / Abdulai / Abdullahi;
Moussa / Musa; Ousmane / Usman / Ousman; Amadou / Ahmadou / Amadu; Alpha;
Boubacar / Bubakar / Aboubacar; Souleymane / Sulaiman / Suleiman; Mohamed / Mohammed;
Lamine / Lamin; Sekou / Sékou; Mamady; Oumar / Umar; Aliou / Aliyu; Saliou / Saliu;
Thierno / Tierno; Cheikh / Sheikh; Modou / Modu; Ebrima; Omar; Babucarr / Babucar;
Momodou / Momodu; Bakary / Bakari; Seydou / Seidu; Issa; Adama; Karamo; Kalilou / Kalilu;
Fodé / Fode; Sidiki; Yaya / Yahya; Daouda / Dauda; Emmanuel; Samuel; Daniel; David; John;
Joseph; Michael; Peter; Paul; Godwin; Godspower; Chukwuemeka / Emeka; Chinedu; Oluwaseun / Seun;
Olumide; Adebayo; Babatunde; Oluwafemi / Femi; Ifeanyi; Obinna; Nnamdi; Chidi; Uchenna;
Ikechukwu; Kelechi; Kwame; Kofi / Koffi; Kwabena; Kwaku; Yaw; Kojo; Kwasi / Kwesi; Nana; Prince;
Richard; Francis; Felix; Stephen; Isaac; Ebenezer; Ernest; Augustine; Innocent; Patrick; Victor;
Christian; Eric; Frank; Serge; Jean; Didier; Yao; Kouassi; Konan; Alassane; Siaka; Drissa;
Mahamadou; Hamidou / Hamidu; Oumarou / Umaru; Harouna / Haruna; Idrissa / Idris;
Ismaila / Ismail; Abdourahmane / Abdulrahman; Mamadi; Sanou; Lansana; Foday; Alusine / Alhassan;
Tijan / Tidiane
"""

WA_FEMALE = """
Fatoumata / Fatimata / Fatuma; Mariama / Mariam; Aminata / Aminatou; Kadiatou / Kadiatu;
Aissatou / Aisatu / Aissata; Hawa / Awa; Binta; Oumou / Umu; Mariatou; Djenabou / Jenabu;
Ramatoulaye / Ramatu; Hadja; Nene; Assiatou; Kadidja / Khadija; Salimatou; Sira; Mahawa; Fanta;
Fatou; Isatou / Isatu; Haddy; Ndey; Coumba / Kumba; Sally; Grace; Blessing; Mercy; Joy; Faith;
Esther; Mary; Elizabeth; Comfort; Patience; Precious; Gift; Favour; Deborah; Ruth; Rebecca;
Sarah; Victoria; Chioma; Ngozi; Adaeze; Amaka; Chiamaka; Nneka; Ifeoma; Funmilayo / Funmi;
Folake; Yetunde; Bukola; Oluwakemi / Kemi; Titilayo; Abena; Akosua; Ama; Afua; Adwoa; Efua; Yaa;
Akua; Aïcha / Aicha; Mariame; Rokia / Rokiatou; Salimata; Assétou / Assetou; Djeneba / Jeneba;
Bintou / Bintu; Korotoumou; Nafissatou / Nafisatu; Maimouna / Maimuna; Safiatou; Hadiza;
Zainab / Zeinab; Hauwa; Halima; Amina; Adjoa; Aya; Affoué; Akissi; Awa; Dienaba; Fatim; Kani;
Mame; Ndeye; Oumy; Seynabou
"""

WA_FAMILY = """
Diallo; Barry / Bari; Bah / Ba; Sow; Camara / Kamara; Touré / Toure; Traoré / Traore;
Condé / Conde; Keita / Keïta; Sylla / Silla; Soumah; Bangoura; Cissé / Cisse; Kouyaté / Kouyate;
Doumbouya; Sidibé / Sidibe; Baldé / Balde; Jallow / Jalloh; Ceesay / Sesay; Jammeh; Sanneh;
Touray; Darboe; Drammeh; Fofana; Konaté / Konate; Koné / Kone; Coulibaly / Kulibaly; Diarra;
Sangaré / Sangare; Dembélé / Dembele; Diabaté / Diabate; Koroma; Kargbo; Conteh; Mansaray;
Turay; Bangura; Kanu; Okafor; Okeke; Okonkwo; Eze; Nwosu; Obi; Adeyemi; Ogunleye; Oladipo;
Okoro; Bello; Abubakar; Yusuf; Aliyu; Danjuma; Mensah; Owusu; Boateng; Asante; Osei; Agyeman;
Appiah; Ansah; Addo; Amoah; Darko; Acheampong; Antwi; Frimpong; Opoku; Quaye; Tetteh; Nkrumah;
Ndiaye; Diop; Faye; Fall; Gueye; Mbaye; Sarr; Thiam; Seck; Kane; Niang; Ndour; Diouf; Sy; Wade;
Dieng; Sall; Samb; Kouassi; Kouamé / Kouame; N'Guessan / Nguessan; Koffi; Konan;
Ouattara / Watara; Bamba; Yeo; Soro; Tall; Baldeh; Jabbi; Colley; Manneh; Njie; Sonko; Saidy;
Badjie; Kujabi; Sambou; Sanyang; Bojang; Gaye; Marong; Sesay; Kamara; Bangali; Jalloh; Kabba;
Sillah; Tunkara; Minteh; Fatty; Jobe; Joof; Ndow; Adebayo; Afolabi; Balogun; Chukwu; Egwu;
Ibekwe; Nwachukwu; Ogbonna; Olawale; Onyekachi; Uzor
"""

# --- Germany ------------------------------------------------------------------------------

DE_MALE = """
Peter; Michael; Thomas; Andreas; Wolfgang; Klaus; Jürgen; Stefan; Christian; Uwe; Werner; Frank;
Hans; Bernd; Günter; Horst; Dieter; Manfred; Markus; Matthias; Helmut; Ralf; Jörg; Sven;
Torsten; Alexander; Daniel; Martin; Tobias; Florian; Sebastian; Jan; Tim; Lukas / Lucas; Leon;
Felix; Jonas; Maximilian; Paul; Niklas / Nicklas; Julian; Philipp / Philip; Moritz; Finn; Ben;
Elias; Noah; Luca; Erik / Eric; Kai / Kay; Dirk; Holger; Heinz; Karl / Carl; Rolf;
Rainer / Reiner; Gerhard; Norbert; Joachim; Volker; Detlef / Detlev; Axel; Carsten / Karsten;
Oliver; Patrick; Dennis; Marcel; Kevin; Marco / Marko; Christoph; Benjamin; Simon; Fabian;
David; Jakob / Jacob; Johannes; Emil
"""

DE_FEMALE = """
Ursula; Monika; Petra; Elisabeth; Sabine; Renate; Helga; Karin; Brigitte; Ingrid; Erika; Andrea;
Gisela; Claudia; Susanne; Gabriele; Christa; Christine; Hildegard; Anna; Maria; Birgit; Barbara;
Gertrud; Heike; Marianne; Nicole; Stefanie / Stephanie; Anja; Katharina / Katarina; Julia;
Laura; Sarah / Sara; Lena; Lea / Leah; Hannah / Hanna; Sophie / Sofie; Emma; Mia; Lina; Marie;
Johanna; Clara / Klara; Charlotte; Emilia; Greta; Ida; Frieda; Jana; Katrin / Kathrin; Melanie;
Sandra; Tanja; Silke; Kerstin; Martina; Anke; Doris; Jutta; Bärbel; Margarete; Annette; Simone;
Daniela
"""

DE_FAMILY = """
Müller; Schmidt / Schmitt; Schneider; Fischer; Weber; Meyer / Meier / Maier; Wagner; Becker;
Schulz; Hoffmann / Hofmann; Schäfer; Koch; Bauer; Richter; Klein; Wolf; Schröder; Neumann;
Schwarz; Zimmermann; Braun; Krüger; Hofmann; Hartmann; Lange; Schmitz; Werner; Krause; Meier;
Lehmann; Schmid; Schulze; Maier; Köhler; Herrmann; König; Walter; Mayer; Huber; Kaiser; Fuchs;
Peters; Lang; Scholz; Möller; Weiß; Jung; Hahn; Schubert; Vogel; Friedrich; Keller; Günther;
Frank; Berger; Winkler; Roth; Beck; Lorenz; Baumann; Franke; Albrecht; Schuster; Simon; Ludwig;
Böhm; Winter; Kraus; Martin; Schumacher; Krämer; Vogt; Stein; Jäger; Otto; Sommer; Groß; Seidel;
Heinrich; Brandt; Haas; Schreiber; Graf; Schulte; Dietrich; Ziegler; Kuhn; Kühn; Pohl; Engel;
Horn; Busch; Bergmann; Thomas; Voigt; Sauer; Arnold; Wolff; Pfeiffer; Kowalski; Nowak; Wójcik
"""
